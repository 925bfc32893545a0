/// A lexical token of the expression language and the scalar offsets `[start, end)` it was read from.
struct Token: Sendable {
    /// What a token is.
    enum Kind: Sendable, Equatable {
        case number(Double)
        case duration(Int64)
        case timeOfDay(Int64)
        case string(String)
        case identifier(String)
        /// `true false on off`.
        case bool(Bool)
        case and
        case or
        case not
        case `in`
        case leftParen
        case rightParen
        case leftBracket
        case rightBracket
        case comma
        case dot
        case plus
        case minus
        case star
        case slash
        case percent
        case comparison(ComparisonOperator)
        /// Text the lexer already reported as an error; the parser stays silent about it.
        case invalid
        case end
    }

    var kind: Kind
    var start: Int
    var end: Int
}
