/// Strict UTF-8 decoding of one character at a time, for checking payload text without building a string.
enum UTF8Sequence {
    /// The character whose encoding starts at `offset` and its length in bytes, or nil where the bytes there
    /// are not well-formed UTF-8 (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF, or
    /// cut short).
    static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int
        var value: UInt32
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF:
            length = 2
            value = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3
            value = UInt32(lead & 0x0F)
            if lead == 0xE0 { low = 0xA0 }
            if lead == 0xED { high = 0x9F }
        case 0xF0...0xF4:
            length = 4
            value = UInt32(lead & 0x07)
            if lead == 0xF0 { low = 0x90 }
            if lead == 0xF4 { high = 0x8F }
        default:
            return nil
        }
        guard offset + length <= bytes.count else { return nil }
        for i in 1..<length {
            let byte = bytes[offset + i]
            // Only the first continuation byte has the narrowed range.
            guard i == 1 ? (low...high).contains(byte) : (0x80...0xBF).contains(byte) else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// The offset of the first byte that is not part of well-formed UTF-8, or nil if all of `bytes` is.
    static func firstInvalidOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var offset = 0
        while offset < bytes.count {
            if bytes[offset] < 0x80 {
                offset += 1
                continue
            }
            guard let (_, length) = decode(bytes, at: offset) else { return offset }
            offset += length
        }
        return nil
    }
}
