/// A failed libyaml call: which call, what kind of error, and where libyaml says the problem is.
struct LibYAMLError: Error {
    enum Kind {
        case memory
        /// Invalid input bytes; the place is `problemOffset`, a byte offset.
        case reader
        /// A token could not be scanned; the place is `problemMark`.
        case scanner
        /// Tokens in an order YAML does not allow; the place is `problemMark`.
        case parser
        case other
    }

    var call: StaticString
    var kind: Kind
    var problem: String
    /// Byte offset of the problem (reader errors only).
    var problemOffset: Int
    /// The offending byte or code point (reader errors only; -1 when there is none).
    var problemValue: Int
    var problemMark: YAMLMark
    /// What libyaml was doing ("while scanning a quoted scalar"), and where that started.
    var context: String?
    var contextMark: YAMLMark
}
