/// Reading and writing times of day such as `07:30` (24-hour `HH:MM`).
public enum TimeOfDayText {
    /// Milliseconds since midnight, or nil when `text` is not a valid time of day.
    public static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        var values: [Int64] = []
        for part in parts {
            guard part.count == 2, part.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int64(part) else {
                return nil
            }
            values.append(v)
        }
        guard values[0] < 24, values[1] < 60 else { return nil }
        return (values[0] * 60 + values[1]) * 60_000
    }

    /// `HH:MM`, or `HH:MM:SS` when seconds are not zero.
    public static func format(_ milliseconds: Int64) -> String {
        let totalSeconds = (milliseconds / 1000) % 86_400
        let h = totalSeconds / 3600
        let m = (totalSeconds / 60) % 60
        let s = totalSeconds % 60
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return s == 0 ? "\(two(h)):\(two(m))" : "\(two(h)):\(two(m)):\(two(s))"
    }
}
