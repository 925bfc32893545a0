import ReflexCore

/// How the simulator compares a value a scenario expects with the one observed, and writes values in messages.
///
/// Numbers are equal within a relative 1e-9 (at least 1e-9 absolute), so that `expect: {avg: 0.3}` holds for
/// an average that sums to 0.30000000000000004; every other value must be equal exactly.
enum ExpectedValue {
    static let tolerance = 1e-9

    static func matches(_ expected: Value, _ actual: Value) -> Bool {
        if case .number(let a) = expected, case .number(let b) = actual {
            if a == b { return true }
            guard a.isFinite, b.isFinite else { return false }
            return abs(a - b) <= tolerance * max(1, abs(a), abs(b))
        }
        return expected == actual
    }

    /// `on`, `31.5`, `1m30s`, `none`; strings in double quotes so that `"on"` and `on` differ.
    static func text(_ value: Value, utcOffset: Int = 0) -> String {
        if case .string(let s) = value { return ValueText.jsonString(s) }
        return ValueText.format(value, utcOffset: utcOffset)
    }
}
