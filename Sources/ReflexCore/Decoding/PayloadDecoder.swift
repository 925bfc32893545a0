/// How one MQTT input reads its payloads: built once from the input's type and JSON path, then used for every
/// message (SPEC "Payloads" and "Precise semantics" 8).
///
/// Without a path the payload is text: a bool is one of `on off true false 1 0 yes no` in any case, a number
/// is text that is wholly a number (JSON grammar, and a leading `+` is allowed), both with surrounding ASCII
/// whitespace ignored; a string is the payload as it is, which must be UTF-8.
///
/// With a path the payload must be JSON and the path must lead to a value:
/// - bool: a JSON bool, the numbers 1 and 0, or a string holding one of the words above;
/// - number: a JSON number, or a string that is wholly a number (`"31.5"`);
/// - string: a JSON string; a number or bool becomes its text (`21.5`, `true`), a number in shortest form.
/// `null` is not a value: it is a failure, as are arrays and objects.
///
/// A payload longer than `limit` bytes fails as `tooLarge` without being read.
public struct PayloadDecoder: Sendable {
    /// 1 MiB.
    public static let defaultLimit = 1 << 20

    private enum Target: Sendable {
        case bool, number, string

        var type: ValueType {
            switch self {
            case .bool: .bool
            case .number: .number
            case .string: .string
            }
        }
    }

    private let target: Target
    private let path: [JSONParser.Step]?
    private let pathText: String
    /// The longest payload read, in bytes.
    public let limit: Int

    /// A decoder for an input of `type` (bool, number or string; nil for other types), reading the value at
    /// `json` when given.
    public init?(type: ValueType, json: JSONPath? = nil, limit: Int = PayloadDecoder.defaultLimit) {
        switch type {
        case .bool: target = .bool
        case .number: target = .number
        case .string: target = .string
        case .duration, .timeOfDay, .instant: return nil
        }
        path = json.map(JSONParser.Step.steps)
        pathText = json?.text ?? ""
        self.limit = limit
    }

    public func decode(_ payload: UnsafeRawBufferPointer) -> Result<Value, DecodeFailure> {
        guard payload.count <= limit else { return .failure(.tooLarge(size: payload.count, limit: limit)) }
        guard let path else { return text(payload) }
        switch JSONParser.value(at: path, in: payload) {
        case .failure(let error): return .failure(.notJSON(error))
        case .success(nil): return .failure(.pathMissing(pathText))
        case .success(let value?): return convert(value)
        }
    }

    public func decode(_ payload: some Collection<UInt8>) -> Result<Value, DecodeFailure> {
        if let result = payload.withContiguousStorageIfAvailable({ decode(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(payload).withUnsafeBytes { decode($0) }
    }

    private func text(_ payload: UnsafeRawBufferPointer) -> Result<Value, DecodeFailure> {
        switch target {
        case .bool:
            guard let value = PayloadText.bool(payload) else {
                return .failure(.wrongType(expected: .bool, found: .text))
            }
            return .success(.bool(value))
        case .number:
            switch PayloadText.number(payload, found: .text) {
            case .success(let number): return .success(.number(number))
            case .failure(let failure): return .failure(failure)
            }
        case .string:
            if let offset = UTF8Sequence.firstInvalidOffset(payload) { return .failure(.invalidUTF8(offset: offset)) }
            return .success(.string(String(decoding: payload, as: UTF8.self)))
        }
    }

    private func convert(_ json: JSONValue) -> Result<Value, DecodeFailure> {
        switch (target, json) {
        case (.bool, .bool(let b)):
            return .success(.bool(b))
        case (.bool, .number(let d)) where d == 1 || d == 0:
            return .success(.bool(d == 1))
        case (.bool, .string(var s)):
            guard let value = s.withUTF8({ PayloadText.bool(UnsafeRawBufferPointer($0)) }) else {
                return .failure(.wrongType(expected: .bool, found: .string))
            }
            return .success(.bool(value))
        case (.number, .number(let d)):
            return .success(.number(d))
        case (.number, .string(var s)):
            switch s.withUTF8({ PayloadText.number(UnsafeRawBufferPointer($0), found: .string) }) {
            case .success(let number): return .success(.number(number))
            case .failure(let failure): return .failure(failure)
            }
        case (.string, .string(let s)):
            return .success(.string(s))
        case (.string, .number(let d)):
            return .success(.string(ValueText.number(d)))
        case (.string, .bool(let b)):
            return .success(.string(b ? "true" : "false"))
        default:
            return .failure(.wrongType(expected: target.type, found: Self.found(json)))
        }
    }

    private static func found(_ json: JSONValue) -> DecodeFailure.Found {
        switch json.kind {
        case .null: .null
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }
}
