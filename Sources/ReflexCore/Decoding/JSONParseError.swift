/// Why a payload is not valid JSON, and the byte offset where that shows.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong at `offset`.
    public enum Reason: Hashable, Sendable {
        /// The text ends inside a value (or is empty).
        case unexpectedEnd
        /// A byte that cannot start or continue a value here.
        case unexpectedCharacter
        /// A value is followed by more than whitespace.
        case trailingCharacters
        /// A number that breaks the JSON grammar (`01`, `1.`, `-`, `.5`).
        case invalidNumber
        /// A number too large for a double (`1e400`).
        case numberOutOfRange
        /// A backslash escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`.
        case invalidEscape
        /// A `\uD800`–`\uDFFF` escape that is not half of a surrogate pair.
        case loneSurrogate
        /// A raw byte below 0x20 inside a string.
        case controlCharacter
        /// Bytes inside a string that are not UTF-8.
        case invalidUTF8
        /// Arrays and objects nested deeper than `JSONParser.maximumDepth`.
        case tooDeep
    }

    public var offset: Int
    public var reason: Reason

    public init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        let what =
            switch reason {
            case .unexpectedEnd: "unexpected end"
            case .unexpectedCharacter: "unexpected character"
            case .trailingCharacters: "unexpected text after the value"
            case .invalidNumber: "invalid number"
            case .numberOutOfRange: "number out of range"
            case .invalidEscape: "invalid escape"
            case .loneSurrogate: "unpaired surrogate escape"
            case .controlCharacter: "unescaped control character in a string"
            case .invalidUTF8: "invalid UTF-8 in a string"
            case .tooDeep: "nested deeper than \(JSONParser.maximumDepth) levels"
            }
        return "\(what) at byte \(offset)"
    }
}
