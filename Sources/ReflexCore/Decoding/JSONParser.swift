/// A strict RFC 8259 JSON parser over bytes, for MQTT payloads: it never traps, whatever the input.
///
/// Limits: containers nest at most `maximumDepth` deep; numbers must fit a double (`1e400` is an error,
/// `1e-400` reads as 0); strings must be UTF-8 and their `\u` escapes must pair surrogates. A byte order
/// mark is not skipped. A failure names the byte offset where the text stops being JSON.
public struct JSONParser {
    /// How deep arrays and objects may nest; the 65th open bracket is an error.
    public static let maximumDepth = 64

    /// One step of a JSON path, prepared for matching keys as they are read.
    enum Step: Hashable, Sendable {
        case key([Unicode.Scalar])
        case index(Int)

        static func steps(_ path: JSONPath) -> [Step] {
            path.components.map {
                switch $0 {
                case .key(let key): .key(Array(key.unicodeScalars))
                case .index(let index): .index(index)
                }
            }
        }
    }

    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The whole document in `bytes`.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<JSONValue, JSONParseError> {
        var parser = JSONParser(bytes)
        do throws(JSONParseError) {
            let value = try parser.value(depth: 0, build: true)
            try parser.end()
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    /// The whole document in `bytes`.
    public static func parse(_ bytes: [UInt8]) -> Result<JSONValue, JSONParseError> {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// Checks that all of `bytes` is JSON and returns the value at `path` (nil where the path leads nowhere).
    /// Only that value is built; the rest of the document is checked without being stored.
    static func value(at path: [Step], in bytes: UnsafeRawBufferPointer) -> Result<JSONValue?, JSONParseError> {
        var parser = JSONParser(bytes)
        var found: JSONValue?
        do throws(JSONParseError) {
            try parser.follow(depth: 0, path: path[...], found: &found)
            try parser.end()
            return .success(found)
        } catch {
            return .failure(error)
        }
    }

    /// `bytes` read as one JSON number and nothing else (no whitespace); a failure is `.invalidNumber` or
    /// `.numberOutOfRange`.
    static func wholeNumber(_ bytes: UnsafeRawBufferPointer) -> Result<Double, JSONParseError> {
        var parser = JSONParser(bytes)
        do throws(JSONParseError) {
            guard !bytes.isEmpty, parser.isNumberStart(bytes[0]) else {
                return .failure(JSONParseError(offset: 0, reason: .invalidNumber))
            }
            let number = try parser.number(convert: true)
            guard parser.position == bytes.count else {
                return .failure(JSONParseError(offset: parser.position, reason: .invalidNumber))
            }
            return .success(number)
        } catch {
            return .failure(error)
        }
    }

    // MARK: Values

    /// Reads one value; with `build` false it only checks it and returns `.null`.
    private mutating func value(depth: Int, build: Bool) throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw JSONParseError(offset: position, reason: .unexpectedEnd) }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            var members: [JSONValue.Member] = []
            if try open(depth: depth, closing: UInt8(ascii: "}")) {
                repeat {
                    try expectKey()
                    let key = try string(build: build)
                    try expectColon()
                    let value = try value(depth: depth + 1, build: build)
                    if build { members.append(JSONValue.Member(key: key, value: value)) }
                } while try more(closing: UInt8(ascii: "}"))
            }
            return build ? .object(members) : .null
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            if try open(depth: depth, closing: UInt8(ascii: "]")) {
                repeat {
                    let value = try value(depth: depth + 1, build: build)
                    if build { elements.append(value) }
                } while try more(closing: UInt8(ascii: "]"))
            }
            return build ? .array(elements) : .null
        case UInt8(ascii: "\""):
            return .string(try string(build: build))
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case let byte where isNumberStart(byte):
            return .number(try number(convert: build))
        default:
            throw JSONParseError(offset: position, reason: .unexpectedCharacter)
        }
    }

    /// Reads one value, building only what `path` leads to (into `found`); a later duplicate key replaces an
    /// earlier match, so the result is the same as `JSONValue.value(at:)` on the whole document.
    private mutating func follow(
        depth: Int, path: ArraySlice<Step>, found: inout JSONValue?
    ) throws(JSONParseError) {
        guard !path.isEmpty else {
            found = try value(depth: depth, build: true)
            return
        }
        let step = path[path.startIndex]
        skipWhitespace()
        let next = position < bytes.count ? bytes[position] : 0
        if next == UInt8(ascii: "{"), case .key(let target) = step {
            guard try open(depth: depth, closing: UInt8(ascii: "}")) else { return }
            repeat {
                try expectKey()
                let matches = try keyMatches(target)
                try expectColon()
                if matches {
                    found = nil
                    try follow(depth: depth + 1, path: path.dropFirst(), found: &found)
                } else {
                    _ = try value(depth: depth + 1, build: false)
                }
            } while try more(closing: UInt8(ascii: "}"))
        } else if next == UInt8(ascii: "["), case .index(let target) = step {
            guard try open(depth: depth, closing: UInt8(ascii: "]")) else { return }
            var index = 0
            repeat {
                if index == target {
                    try follow(depth: depth + 1, path: path.dropFirst(), found: &found)
                } else {
                    _ = try value(depth: depth + 1, build: false)
                }
                index += 1
            } while try more(closing: UInt8(ascii: "]"))
        } else {
            _ = try value(depth: depth, build: false)
        }
    }

    // MARK: Containers

    /// Steps into an array or object at its opening bracket; false if it is empty (its closing bracket read).
    private mutating func open(depth: Int, closing: UInt8) throws(JSONParseError) -> Bool {
        try enter(depth: depth)
        skipWhitespace()
        return !consume(closing)
    }

    /// After an element or member: true at a comma (another one follows), false at the closing bracket.
    private mutating func more(closing: UInt8) throws(JSONParseError) -> Bool {
        skipWhitespace()
        if consume(UInt8(ascii: ",")) { return true }
        if consume(closing) { return false }
        throw unexpected()
    }

    /// Before a member: a key's opening quote must come next.
    private mutating func expectKey() throws(JSONParseError) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw unexpected() }
    }

    private mutating func expectColon() throws(JSONParseError) {
        skipWhitespace()
        guard consume(UInt8(ascii: ":")) else { throw unexpected() }
    }

    /// Steps over an opening bracket at nesting `depth` (0 for the outermost value).
    private mutating func enter(depth: Int) throws(JSONParseError) {
        guard depth < Self.maximumDepth else { throw JSONParseError(offset: position, reason: .tooDeep) }
        position += 1
    }

    // MARK: Scalars

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let start = position
        let count = word.utf8CodeUnitCount
        for i in 0..<count {
            guard position < bytes.count else { throw JSONParseError(offset: position, reason: .unexpectedEnd) }
            guard bytes[position] == word.utf8Start[i] else {
                throw JSONParseError(offset: start, reason: .unexpectedCharacter)
            }
            position += 1
        }
    }

    private func isNumberStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || isDigit(byte)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func digitAt(_ offset: Int) -> Bool {
        offset < bytes.count && isDigit(bytes[offset])
    }

    /// Reads a number (the parser at its `-` or first digit). Without `convert` the text is only checked,
    /// and converted only where it could be out of range (an exponent, or very many digits).
    private mutating func number(convert: Bool) throws(JSONParseError) -> Double {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard digitAt(position) else { throw JSONParseError(offset: position, reason: .invalidNumber) }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if digitAt(position) { throw JSONParseError(offset: position, reason: .invalidNumber) }
        } else {
            while digitAt(position) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digitAt(position) else { throw JSONParseError(offset: position, reason: .invalidNumber) }
            while digitAt(position) { position += 1 }
        }
        var hasExponent = false
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            hasExponent = true
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digitAt(position) else { throw JSONParseError(offset: position, reason: .invalidNumber) }
            while digitAt(position) { position += 1 }
        }
        guard convert || hasExponent || position - start > 300 else { return 0 }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONParseError(offset: start, reason: .numberOutOfRange)
        }
        return value
    }

    /// Reads a string (the parser at its opening quote); with `build` false it only checks it and returns "".
    private mutating func string(build: Bool) throws(JSONParseError) -> String {
        position += 1
        guard build else {
            while try nextScalar() != nil {}
            return ""
        }
        var scalars = String.UnicodeScalarView()
        while let scalar = try nextScalar() { scalars.append(scalar) }
        return String(scalars)
    }

    /// Reads a key (the parser at its opening quote) and tells whether it is exactly `target`, without storing
    /// it.
    private mutating func keyMatches(_ target: [Unicode.Scalar]) throws(JSONParseError) -> Bool {
        position += 1
        var matched = 0
        var matches = true
        while let scalar = try nextScalar() {
            if matches && matched < target.count && target[matched] == scalar {
                matched += 1
            } else {
                matches = false
            }
        }
        return matches && matched == target.count
    }

    /// The next character of a string (the parser inside it), or nil at its closing quote, which is read.
    private mutating func nextScalar() throws(JSONParseError) -> Unicode.Scalar? {
        guard position < bytes.count else { throw JSONParseError(offset: position, reason: .unexpectedEnd) }
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "\""):
            position += 1
            return nil
        case UInt8(ascii: "\\"):
            return try escape()
        case 0..<0x20:
            throw JSONParseError(offset: position, reason: .controlCharacter)
        case 0x20..<0x80:
            position += 1
            return Unicode.Scalar(byte)
        default:
            return try multibyte()
        }
    }

    /// Reads a backslash escape (the parser at the backslash), a surrogate pair taken together.
    private mutating func escape() throws(JSONParseError) -> Unicode.Scalar {
        let start = position
        guard position + 1 < bytes.count else { throw JSONParseError(offset: bytes.count, reason: .unexpectedEnd) }
        let letter = bytes[position + 1]
        position += 2
        switch letter {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hex4(escapeStart: start)
            switch unit {
            case 0xD800..<0xDC00:
                let low = position
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                else { throw JSONParseError(offset: start, reason: .loneSurrogate) }
                position += 2
                let second = try hex4(escapeStart: low)
                guard (0xDC00..<0xE000).contains(second) else {
                    throw JSONParseError(offset: start, reason: .loneSurrogate)
                }
                let value = 0x10000 + ((unit - 0xD800) << 10) + (second - 0xDC00)
                return Unicode.Scalar(value) ?? "\u{FFFD}"
            case 0xDC00..<0xE000:
                throw JSONParseError(offset: start, reason: .loneSurrogate)
            default:
                return Unicode.Scalar(unit) ?? "\u{FFFD}"
            }
        default:
            throw JSONParseError(offset: start, reason: .invalidEscape)
        }
    }

    /// Reads the four hex digits of a `\u` escape (the parser after the `u`).
    private mutating func hex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < bytes.count else { throw JSONParseError(offset: position, reason: .unexpectedEnd) }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONParseError(offset: escapeStart, reason: .invalidEscape)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Reads one UTF-8 sequence of two to four bytes (the parser at its lead byte), rejecting overlong forms,
    /// surrogates and values past U+10FFFF.
    private mutating func multibyte() throws(JSONParseError) -> Unicode.Scalar {
        guard let (scalar, length) = UTF8Sequence.decode(bytes, at: position) else {
            throw JSONParseError(offset: position, reason: .invalidUTF8)
        }
        position += length
        return scalar
    }

    // MARK: Whitespace and the end

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private func unexpected() -> JSONParseError {
        JSONParseError(offset: position, reason: position < bytes.count ? .unexpectedCharacter : .unexpectedEnd)
    }

    /// Checks that only whitespace follows the value.
    private mutating func end() throws(JSONParseError) {
        skipWhitespace()
        guard position == bytes.count else { throw JSONParseError(offset: position, reason: .trailingCharacters) }
    }
}
