/// How text reads as a bool or a number, for plain payloads and for JSON strings alike.
///
/// Surrounding ASCII whitespace (space, tab, line feed, carriage return, vertical tab, form feed) is ignored,
/// so `ON\n` from a shell is on.
enum PayloadText {
    /// `on off true false 1 0 yes no` in any case; nil for anything else.
    static func bool(_ bytes: UnsafeRawBufferPointer) -> Bool? {
        let text = trimmed(bytes)
        switch text.count {
        case 1:
            if equalsIgnoringCase(text, "1") { return true }
            if equalsIgnoringCase(text, "0") { return false }
        case 2:
            if equalsIgnoringCase(text, "on") { return true }
            if equalsIgnoringCase(text, "no") { return false }
        case 3:
            if equalsIgnoringCase(text, "yes") { return true }
            if equalsIgnoringCase(text, "off") { return false }
        case 4:
            if equalsIgnoringCase(text, "true") { return true }
        case 5:
            if equalsIgnoringCase(text, "false") { return false }
        default:
            break
        }
        return nil
    }

    /// Text that is wholly a number: the JSON number grammar (no leading zeros, no `.5` or `5.`), with one
    /// optional leading `+`. `nan`, `inf`, hex and empty text are not numbers.
    static func number(_ bytes: UnsafeRawBufferPointer, found: DecodeFailure.Found) -> Result<Double, DecodeFailure> {
        var text = trimmed(bytes)
        if text.count > 1 && text[0] == UInt8(ascii: "+") {
            // `+-1` is not a number.
            if text[1] == UInt8(ascii: "-") { return .failure(.wrongType(expected: .number, found: found)) }
            text = UnsafeRawBufferPointer(rebasing: text[1..<text.count])
        }
        switch JSONParser.wholeNumber(text) {
        case .success(let value):
            return .success(value)
        case .failure(let error):
            if error.reason == .numberOutOfRange { return .failure(.numberOutOfRange) }
            return .failure(.wrongType(expected: .number, found: found))
        }
    }

    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// Whether `text` is `word` (lowercase ASCII) with ASCII letters in any case.
    private static func equalsIgnoringCase(_ text: UnsafeRawBufferPointer, _ word: StaticString) -> Bool {
        guard text.count == word.utf8CodeUnitCount else { return false }
        for i in 0..<text.count {
            var byte = text[i]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 0x20 }
            guard byte == word.utf8Start[i] else { return false }
        }
        return true
    }
}
