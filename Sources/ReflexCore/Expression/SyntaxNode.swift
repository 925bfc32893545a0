/// A parsed expression: a tree of nodes, each with the scalar offsets `[start, end)` it was written at.
///
/// Runs of operators of one precedence level (`a + b - c`, `a and b and c`) are kept as one `chain` node,
/// so that the tree's depth is bounded by the nesting of parentheses, calls and prefix operators, never by
/// the length of the text.
struct SyntaxNode: Sendable {
    /// An operator of a chain, with the offsets of its token.
    struct Link: Sendable {
        var op: ChainOperator
        var opStart: Int
        var opEnd: Int
        var operand: SyntaxNode
    }

    /// The operators that form chains.
    enum ChainOperator: Sendable {
        case or
        case and
        case plus
        case minus
        case times
        case divide
        case remainder

        var spelling: String {
            switch self {
            case .or: "or"
            case .and: "and"
            case .plus: "+"
            case .minus: "-"
            case .times: "*"
            case .divide: "/"
            case .remainder: "%"
            }
        }
    }

    indirect enum Kind: Sendable {
        case literal(Value)
        case name(String)
        /// `base.name`; `dotStart` is the offset of the dot.
        case attribute(base: SyntaxNode, name: String, dotStart: Int)
        /// `name(arguments)`; the name ends at `nameEnd`.
        case call(name: String, nameEnd: Int, arguments: [SyntaxNode])
        /// `-operand`
        case negate(SyntaxNode)
        /// `not operand`
        case not(SyntaxNode)
        case chain(first: SyntaxNode, links: [Link])
        case comparison(SyntaxNode, ComparisonOperator, opStart: Int, opEnd: Int, SyntaxNode)
        /// `subject in [elements]`; `inStart..<inEnd` is the `in` keyword.
        case membership(subject: SyntaxNode, inStart: Int, inEnd: Int, elements: [SyntaxNode])
        /// Text the lexer already reported.
        case invalid
    }

    var kind: Kind
    var start: Int
    var end: Int
}
