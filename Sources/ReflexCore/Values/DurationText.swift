/// Reading and writing durations such as `250ms`, `1m30s`, `1d`.
///
/// A duration is one or more `<integer><unit>` parts in strictly descending unit order (`d h m s ms`);
/// each part may be of any size (`100999ms`, `90m`). Values are milliseconds.
public enum DurationText {
    public enum Failure: Error, Equatable, Sendable {
        case empty
        case negative
        /// A character that is neither a digit nor a unit, at a scalar offset.
        case unexpected(offset: Int)
        /// A number without a unit after it, at the offset where the unit should be.
        case missingUnit(offset: Int)
        /// A unit not smaller than the one before it, at its offset.
        case unitOrder(offset: Int)
        case tooLarge

        public var message: String {
            switch self {
            case .empty: "expected a duration such as 500ms, 30s, 5m, 1h30m or 1d"
            case .negative: "a duration cannot be negative"
            case .unexpected: "expected a duration such as 500ms, 30s, 5m, 1h30m or 1d"
            case .missingUnit: "a duration needs a unit: ms, s, m, h or d"
            case .unitOrder: "duration parts must go from larger to smaller units (d h m s ms)"
            case .tooLarge: "duration is too large"
            }
        }
    }

    static let units: [(String, Int64)] = [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)]

    /// Parses a whole duration. Leading/trailing spaces are not allowed.
    public static func parse(_ text: String) -> Result<Int64, Failure> {
        let s = Array(text.unicodeScalars)
        if s.isEmpty { return .failure(.empty) }
        if s[0] == "-" { return .failure(.negative) }
        var i = 0
        var total: Int64 = 0
        var lastRank = -1
        while i < s.count {
            let digitsStart = i
            var n: Int64 = 0
            while i < s.count, s[i].value >= 48, s[i].value <= 57 {
                let d = Int64(s[i].value - 48)
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(d)
                if o1 || o2 { return .failure(.tooLarge) }
                n = a
                i += 1
            }
            if i == digitsStart { return .failure(.unexpected(offset: i)) }
            let unitStart = i
            var unit = ""
            while i < s.count, (s[i].value >= 97 && s[i].value <= 122) || (s[i].value >= 65 && s[i].value <= 90) {
                unit.unicodeScalars.append(s[i])
                i += 1
            }
            guard !unit.isEmpty else {
                return .failure(i < s.count ? .unexpected(offset: i) : .missingUnit(offset: i))
            }
            guard let rank = units.firstIndex(where: { $0.0 == unit }) else {
                return .failure(.unexpected(offset: unitStart))
            }
            if rank <= lastRank { return .failure(.unitOrder(offset: unitStart)) }
            lastRank = rank
            let (part, o1) = n.multipliedReportingOverflow(by: units[rank].1)
            let (sum, o2) = total.addingReportingOverflow(part)
            if o1 || o2 { return .failure(.tooLarge) }
            total = sum
        }
        return .success(total)
    }

    /// Formats milliseconds the way a user writes them: `1m30s`, `250ms`, `0s`; negative with a leading `-`.
    public static func format(_ milliseconds: Int64) -> String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds.magnitude
        var out = milliseconds < 0 ? "-" : ""
        for (unit, size) in units {
            let size = UInt64(size)
            if rest >= size {
                out += "\(rest / size)\(unit)"
                rest %= size
            }
        }
        return out
    }
}
