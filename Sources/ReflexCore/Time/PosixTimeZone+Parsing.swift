extension PosixTimeZone {
    /// When a rule names daylight time but not its changes, the changes tzcode assumes (the US rules).
    private static let defaultRules = (
        start: PosixTransitionRule(day: .monthWeek(month: 3, week: 2, weekday: 0), time: 7200),
        end: PosixTransitionRule(day: .monthWeek(month: 11, week: 1, weekday: 0), time: 7200)
    )

    /// Reads a POSIX TZ string as TZif footers write it, with the version 3 extension of change times from
    /// -167 to 167 hours.
    init(parsing text: String) throws {
        var scanner = Scanner(bytes: Array(text.utf8))
        try scanner.name()
        let standard = -(try scanner.signedDuration(maxHours: 24))
        guard standard.magnitude < 93_600 else { throw TimeZoneError.badFooter("offset out of range in \"\(text)\"") }
        standardOffset = Int32(standard)
        guard !scanner.atEnd else { return }
        try scanner.name()
        var daylightOffset = standard + 3600
        if scanner.peekIsOffsetStart {
            daylightOffset = -(try scanner.signedDuration(maxHours: 24))
        }
        var rules = Self.defaultRules
        if !scanner.atEnd {
            try scanner.expect(UInt8(ascii: ","))
            rules.start = try scanner.rule()
            try scanner.expect(UInt8(ascii: ","))
            rules.end = try scanner.rule()
        }
        guard scanner.atEnd else { throw TimeZoneError.badFooter("unexpected text in \"\(text)\"") }
        daylight = Daylight(offset: Int32(daylightOffset), start: rules.start, end: rules.end)
    }

    /// A cursor over the bytes of a POSIX TZ string.
    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position == bytes.count }
        private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        var peekIsOffsetStart: Bool {
            guard let c = current else { return false }
            return c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || Self.isDigit(c)
        }

        private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        private static func isLetter(_ c: UInt8) -> Bool {
            (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
        }

        private func failure(_ what: String) -> TimeZoneError {
            .badFooter("\(what) at byte \(position + 1) of \"\(String(decoding: bytes, as: UTF8.self))\"")
        }

        mutating func expect(_ byte: UInt8) throws {
            guard current == byte else { throw failure("expected \"\(Character(Unicode.Scalar(byte)))\"") }
            position += 1
        }

        /// A zone abbreviation: three or more letters, or `<...>` holding three or more of `A-Za-z0-9+-`.
        mutating func name() throws {
            var length = 0
            if current == UInt8(ascii: "<") {
                position += 1
                while let c = current, c != UInt8(ascii: ">") {
                    guard Self.isLetter(c) || Self.isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") else {
                        throw failure("bad character in a quoted name")
                    }
                    position += 1
                    length += 1
                }
                try expect(UInt8(ascii: ">"))
            } else {
                while let c = current, Self.isLetter(c) {
                    position += 1
                    length += 1
                }
            }
            guard length >= 3 else { throw failure("expected a zone name of three or more characters") }
        }

        private mutating func number(max: Int) throws -> Int {
            var value = 0
            var digits = 0
            while let c = current, Self.isDigit(c) {
                value = value * 10 + Int(c - UInt8(ascii: "0"))
                digits += 1
                position += 1
                guard value <= max else { throw failure("number out of range") }
            }
            guard digits > 0 else { throw failure("expected a number") }
            return value
        }

        /// `[+|-]hh[:mm[:ss]]` in seconds, the sign kept as written.
        mutating func signedDuration(maxHours: Int) throws -> Int {
            var sign = 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
                if current == UInt8(ascii: "-") { sign = -1 }
                position += 1
            }
            var seconds = try number(max: maxHours) * 3600
            if current == UInt8(ascii: ":") {
                position += 1
                seconds += try number(max: 59) * 60
                if current == UInt8(ascii: ":") {
                    position += 1
                    seconds += try number(max: 59)
                }
            }
            return sign * seconds
        }

        /// `date[/time]` with `Jn`, `n` or `Mm.w.d`; the time defaults to 02:00.
        mutating func rule() throws -> PosixTransitionRule {
            let day: PosixTransitionRule.Day
            if current == UInt8(ascii: "J") {
                position += 1
                let n = try number(max: 365)
                guard n >= 1 else { throw failure("a Julian day counts from 1") }
                day = .julian(n)
            } else if current == UInt8(ascii: "M") {
                position += 1
                let month = try number(max: 12)
                try expect(UInt8(ascii: "."))
                let week = try number(max: 5)
                try expect(UInt8(ascii: "."))
                let weekday = try number(max: 6)
                guard month >= 1, week >= 1 else { throw failure("month and week count from 1") }
                day = .monthWeek(month: month, week: week, weekday: weekday)
            } else {
                day = .zeroBased(try number(max: 365))
            }
            var time: Int64 = 7200
            if current == UInt8(ascii: "/") {
                position += 1
                time = Int64(try signedDuration(maxHours: 167))
            }
            return PosixTransitionRule(day: day, time: time)
        }
    }
}
