extension TimeZoneRules {
    /// The counts of a TZif header, in file order.
    private struct Counts {
        var isUT, isStandard, leap, time, type, characters: Int

        init(_ reader: inout TZifReader) throws {
            isUT = try reader.count()
            isStandard = try reader.count()
            leap = try reader.count()
            time = try reader.count()
            type = try reader.count()
            characters = try reader.count()
        }

        /// The size of the data block that follows, with `timeSize`-byte times.
        func blockSize(timeSize: Int) -> Int {
            time * (timeSize + 1) + type * 6 + characters + leap * (timeSize + 4) + isStandard + isUT
        }
    }

    /// Reads TZif data (RFC 8536, versions 1 to 4): the 64-bit block and the POSIX TZ footer when the
    /// version has them, else the 32-bit block. Zones with leap seconds (`right/...`) are refused.
    public init(tzif bytes: [UInt8], name: String) throws {
        var reader = TZifReader(bytes)
        var version = try Self.header(&reader)
        var counts = try Counts(&reader)
        var timeSize = 4
        if version >= UInt8(ascii: "2") {
            try reader.skip(counts.blockSize(timeSize: 4))
            version = try Self.header(&reader)
            guard version >= UInt8(ascii: "2") else {
                throw TimeZoneError.invalidData("the second header's version differs from the first")
            }
            counts = try Counts(&reader)
            timeSize = 8
        }
        guard counts.type >= 1 else { throw TimeZoneError.invalidData("no local time types") }
        guard counts.leap == 0 else { throw TimeZoneError.invalidData("zones with leap seconds are not supported") }
        guard counts.blockSize(timeSize: timeSize) <= reader.remaining else { throw TimeZoneError.truncated }

        var times: [Int64] = []
        times.reserveCapacity(counts.time)
        for _ in 0..<counts.time {
            let time = timeSize == 8 ? try reader.int64() : Int64(try reader.int32())
            if let last = times.last, time <= last {
                throw TimeZoneError.invalidData("transition times are not in ascending order")
            }
            times.append(time)
        }
        var typeIndices: [Int] = []
        typeIndices.reserveCapacity(counts.time)
        for _ in 0..<counts.time {
            let index = Int(try reader.byte())
            guard index < counts.type else { throw TimeZoneError.invalidData("transition type \(index) out of range") }
            typeIndices.append(index)
        }
        var typeOffsets: [Int32] = []
        for _ in 0..<counts.type {
            let offset = try reader.int32()
            guard offset > -90_000, offset < 93_600 else {
                throw TimeZoneError.invalidData("UT offset \(offset) s out of range")
            }
            typeOffsets.append(offset)
            try reader.skip(2)  // isdst, abbreviation index: the offset is all the rules need
        }
        try reader.skip(counts.characters + counts.isStandard + counts.isUT)

        var footer: PosixTimeZone?
        if timeSize == 8 {
            footer = try Self.footer(&reader)
        }
        self.init(
            name: name, times: times, offsets: typeIndices.map { typeOffsets[$0] }, initialOffset: typeOffsets[0],
            footer: footer)
    }

    /// Reads the magic and version and skips the reserved bytes; returns the version byte (0 for version 1).
    private static func header(_ reader: inout TZifReader) throws -> UInt8 {
        let magic = Array("TZif".utf8)
        let available = Array(reader.bytes[reader.position...].prefix(4))
        guard available == Array(magic.prefix(available.count)) else { throw TimeZoneError.badMagic }
        try reader.skip(4)
        let version = try reader.byte()
        guard version == 0 || version >= UInt8(ascii: "2") else {
            throw TimeZoneError.invalidData("unknown version byte \(version)")
        }
        try reader.skip(15)
        return version
    }

    /// The newline-enclosed POSIX TZ string after the 64-bit block; nil when it is empty.
    private static func footer(_ reader: inout TZifReader) throws -> PosixTimeZone? {
        let newline = UInt8(ascii: "\n")
        guard try reader.byte() == newline else { throw TimeZoneError.badFooter("missing the opening newline") }
        var text: [UInt8] = []
        while true {
            guard reader.remaining > 0 else { throw TimeZoneError.badFooter("missing the closing newline") }
            let byte = try reader.byte()
            if byte == newline { break }
            guard byte >= 0x20, byte < 0x7F else { throw TimeZoneError.badFooter("a byte outside printable ASCII") }
            text.append(byte)
        }
        return text.isEmpty ? nil : try PosixTimeZone(parsing: String(decoding: text, as: UTF8.self))
    }

    /// Rules from transitions (seconds, ascending) with the offset after each. The last transition hands over
    /// to `footer` (when there is none, its own offset stays); without transitions the footer, else
    /// `initialOffset`, holds for all time. Transitions that leave the offset as it was are dropped.
    private init(name: String, times: [Int64], offsets: [Int32], initialOffset: Int32, footer: PosixTimeZone?) {
        guard let lastTime = times.last, let lastOffset = offsets.last else {
            self.init(
                name: name, changes: [], offsets: [], initialOffset: initialOffset, tailStart: .min,
                tail: footer ?? PosixTimeZone(standardOffset: initialOffset, daylight: nil))
            return
        }
        var changes: [Int64] = []
        var changeOffsets: [Int32] = []
        var current = initialOffset
        for (time, offset) in zip(times.dropLast(), offsets.dropLast()) where offset != current {
            changes.append(time)
            changeOffsets.append(offset)
            current = offset
        }
        self.init(
            name: name, changes: changes, offsets: changeOffsets, initialOffset: initialOffset, tailStart: lastTime,
            tail: footer ?? PosixTimeZone(standardOffset: lastOffset, daylight: nil))
    }
}
