/// A bounds-checked big-endian cursor over TZif bytes; every read past the end throws `.truncated`.
struct TZifReader {
    let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - position }

    mutating func skip(_ count: Int) throws {
        guard count >= 0, count <= remaining else { throw TimeZoneError.truncated }
        position += count
    }

    mutating func byte() throws -> UInt8 {
        guard remaining >= 1 else { throw TimeZoneError.truncated }
        position += 1
        return bytes[position - 1]
    }

    /// An unsigned big-endian integer of `size` bytes (at most 8).
    mutating func unsigned(_ size: Int) throws -> UInt64 {
        guard size <= remaining else { throw TimeZoneError.truncated }
        var value: UInt64 = 0
        for i in position..<(position + size) { value = value << 8 | UInt64(bytes[i]) }
        position += size
        return value
    }

    mutating func int32() throws -> Int32 { Int32(truncatingIfNeeded: try unsigned(4)) }

    mutating func int64() throws -> Int64 { Int64(bitPattern: try unsigned(8)) }

    /// A count from a header, as an `Int`.
    mutating func count() throws -> Int { Int(try unsigned(4)) }
}
