import ReflexCore

/// The virtual start of a run as written: ISO 8601 civil date and time, with the UTC offset if one was given.
///
/// Without an offset the time is local to the scenario's time zone (else the rule set's); turning it into an
/// instant needs that zone's rules and is left to the code that knows them.
public struct ScenarioStart: Sendable, Hashable {
    /// Why a text is not a start time, and where in it (Unicode-scalar offsets, `[from, to)`).
    public struct Failure: Error, Sendable, Hashable {
        public var message: String
        public var from: Int
        public var to: Int
    }

    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int
    /// Minutes east of UTC (`Z` is 0); nil for a local time.
    public var offsetMinutes: Int?

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int = 0,
                offsetMinutes: Int? = nil)
    {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
        self.offsetMinutes = offsetMinutes
    }

    /// The largest offset from UTC accepted either way (the widest in use is +14:00).
    public static let offsetLimitMinutes = 14 * 60

    /// Milliseconds since the Unix epoch of this civil time read at `offsetMinutes` east of UTC.
    public func epochMilliseconds(offsetMinutes: Int) -> Int64 {
        let days = CivilTime.days(year: Int64(year), month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millisecond)
    }

    /// The instant, when the text gave an offset.
    public var epochMilliseconds: Int64? { offsetMinutes.map { epochMilliseconds(offsetMinutes: $0) } }

    /// Reads `YYYY-MM-DDTHH:MM:SS`, then an optional `.s`, `.ss` or `.sss`, then an optional `Z` or `±HH:MM`.
    public static func parse(_ text: String) -> Result<ScenarioStart, Failure> {
        var cursor = Cursor(Array(text.unicodeScalars))
        do {
            let year = try cursor.digits(4, "the year")
            try cursor.expect("-", "after the year")
            let month = try cursor.digits(2, "the month")
            try cursor.expect("-", "after the month")
            let day = try cursor.digits(2, "the day")
            try cursor.expect("T", "between the date and the time (as in 2026-07-01T14:00:00)")
            let hour = try cursor.digits(2, "the hour")
            try cursor.expect(":", "after the hour")
            let minute = try cursor.digits(2, "the minutes")
            try cursor.expect(":", "after the minutes (seconds are required, as in 14:00:00)")
            let second = try cursor.digits(2, "the seconds")
            var millisecond = 0
            if cursor.peek == "." {
                cursor.index += 1
                let start = cursor.index
                while let c = cursor.peek, ("0"..."9").contains(c) { cursor.index += 1 }
                let count = cursor.index - start
                if count == 0 { throw cursor.failure("expected a digit after '.' in the seconds", at: start) }
                if count > 3 {
                    throw Failure(message: "at most 3 digits of fractional seconds (milliseconds) are allowed",
                                  from: start + 3, to: cursor.index)
                }
                let digits = cursor.scalars[start..<cursor.index].map { Int($0.value) - 48 }
                millisecond = digits.reduce(0) { $0 * 10 + $1 } * [100, 10, 1][count - 1]
            }
            var offset: Int?
            let offsetStart = cursor.index
            if cursor.peek == "Z" {
                cursor.index += 1
                offset = 0
            } else if cursor.peek == "+" || cursor.peek == "-" {
                let negative = cursor.peek == "-"
                cursor.index += 1
                let hours = try cursor.digits(2, "the offset's hours (±HH:MM)")
                try cursor.expect(":", "in the offset (±HH:MM)")
                let minutes = try cursor.digits(2, "the offset's minutes (±HH:MM)")
                if minutes > 59 {
                    throw Failure(message: "offset minutes must be 00 to 59, found \(Self.two(minutes))",
                                  from: cursor.index - 2, to: cursor.index)
                }
                let total = hours * 60 + minutes
                if total > offsetLimitMinutes {
                    throw Failure(message: "offset must be within -14:00 to +14:00", from: offsetStart,
                                  to: cursor.index)
                }
                offset = negative ? -total : total
            }
            if let c = cursor.peek {
                let what = offset == nil ? "after the time; an offset is 'Z' or ±HH:MM" : "after the offset"
                throw cursor.failure("unexpected '\(Character(c))' \(what)", at: cursor.index)
            }
            let start = ScenarioStart(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                                      millisecond: millisecond, offsetMinutes: offset)
            try start.validate()
            return .success(start)
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(Failure(message: "\(error)", from: 0, to: max(1, cursor.scalars.count)))
        }
    }

    /// Field ranges; offsets are those of the fixed-width fields.
    private func validate() throws {
        if year == 0 { throw Failure(message: "year must be 0001 or later", from: 0, to: 4) }
        if !(1...12).contains(month) {
            throw Failure(message: "month must be 01 to 12, found \(Self.two(month))", from: 5, to: 7)
        }
        let days = CivilTime.daysInMonth(month, year: Int64(year))
        if !(1...days).contains(day) {
            let message = month == 2 && day == 29
                ? "\(year) is not a leap year; February has 28 days"
                : "day must be 01 to \(days) in this month, found \(Self.two(day))"
            throw Failure(message: message, from: 8, to: 10)
        }
        if hour == 24 {
            throw Failure(message: "hour 24 is not allowed; write 00:00:00 of the next day", from: 11, to: 13)
        }
        if hour > 23 { throw Failure(message: "hour must be 00 to 23, found \(Self.two(hour))", from: 11, to: 13) }
        if minute > 59 {
            throw Failure(message: "minutes must be 00 to 59, found \(Self.two(minute))", from: 14, to: 16)
        }
        if second > 59 {
            throw Failure(message: "seconds must be 00 to 59, found \(Self.two(second))", from: 17, to: 19)
        }
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// A position in the text being read.
    private struct Cursor {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        func failure(_ message: String, at offset: Int) -> Failure {
            Failure(message: message, from: offset, to: offset + 1)
        }

        mutating func digits(_ count: Int, _ what: String) throws -> Int {
            var value = 0
            for _ in 0..<count {
                guard let c = peek, ("0"..."9").contains(c) else {
                    let found = peek.map { "'\(Character($0))'" } ?? "the end"
                    throw failure("expected \(count) digits for \(what), found \(found)", at: index)
                }
                value = value * 10 + Int(c.value) - 48
                index += 1
            }
            return value
        }

        mutating func expect(_ c: Unicode.Scalar, _ where: String) throws {
            guard peek == c else {
                let found = peek.map { "'\(Character($0))'" } ?? "the end"
                throw failure("expected '\(Character(c))' \(`where`), found \(found)", at: index)
            }
            index += 1
        }
    }
}
