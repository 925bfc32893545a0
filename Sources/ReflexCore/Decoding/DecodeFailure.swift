/// Why an MQTT payload gave no value for its input (SPEC "Precise semantics" 8): counted, traced, ignored.
public enum DecodeFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// What the payload (or the value at the JSON path) turned out to be.
    public enum Found: Hashable, Sendable {
        /// Plain text (an input without `json:`).
        case text
        case null, bool, number, string, array, object
    }

    /// The payload is longer than the decoder's limit; it was not read.
    case tooLarge(size: Int, limit: Int)
    /// The input has `json:` and the payload is not JSON.
    case notJSON(JSONParseError)
    /// The payload is JSON but nothing is at the path (the path's text).
    case pathMissing(String)
    /// The value cannot be read as the input's type.
    case wrongType(expected: ValueType, found: Found)
    /// The text is a number, but too large for a double (`1e400`).
    case numberOutOfRange
    /// A string input's payload is not UTF-8; the offset of the first bad byte.
    case invalidUTF8(offset: Int)

    /// One line for a trace or a log.
    public var message: String {
        switch self {
        case .tooLarge(let size, let limit):
            return "the payload is \(size) bytes, more than the limit of \(limit)"
        case .notJSON(let error):
            return "the payload is not JSON: \(error)"
        case .pathMissing(let path):
            return "the payload has no value at \(path)"
        case .wrongType(let expected, let found):
            return "expected \(Self.phrase(expected)), found \(Self.phrase(found, expected: expected))"
        case .numberOutOfRange:
            return "the number is too large"
        case .invalidUTF8(let offset):
            return "the payload is not UTF-8 text (at byte \(offset))"
        }
    }

    public var description: String { message }

    private static func phrase(_ type: ValueType) -> String {
        switch type {
        case .bool: "a bool (on, off, true, false, 1, 0, yes or no)"
        case .number: "a number"
        default: "a \(type)"
        }
    }

    private static func phrase(_ found: Found, expected: ValueType) -> String {
        let unlike = expected == .number ? "not wholly a number" : "none of these"
        switch found {
        case .text: return "text that is \(unlike)"
        case .string: return "a JSON string that is \(unlike)"
        case .null: return "null"
        case .bool: return "a JSON bool"
        case .number: return expected == .bool ? "a JSON number other than 1 and 0" : "a JSON number"
        case .array: return "a JSON array"
        case .object: return "a JSON object"
        }
    }
}
