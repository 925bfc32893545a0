extension ExpressionEvaluator {
    /// A number, or none when it is not finite (overflow, 0/0): values in the engine are always finite.
    static func finite(_ d: Double) -> Value {
        d.isFinite ? .number(d) : .none
    }

    /// A duration from a count of milliseconds, rounded to the nearest; none when out of range.
    static func milliseconds(_ d: Double) -> Value {
        let rounded = d.rounded(.toNearestOrAwayFromZero)
        guard rounded.isFinite, rounded.magnitude < 9.2e18 else { return .none }
        return .duration(Int64(rounded))
    }

    static func elapsed(since instant: Int64?, now: Int64) -> Value {
        guard let instant else { return .none }
        let (difference, overflow) = now.subtractingReportingOverflow(instant)
        return overflow ? .none : .duration(difference)
    }

    static func clock(_ field: ClockField, local: Int64) -> Value {
        let time = CivilTime.timeOfDay(local: local)
        switch field {
        case .hour: return .number(Double(time / 3_600_000))
        case .minute: return .number(Double(time / 60_000 % 60))
        case .weekday: return .string(CivilTime.weekdayNames[CivilTime.weekday(local: local)])
        }
    }

    /// `time_between`: start ≤ time < end, wrapping past midnight when start > end; never when equal.
    static func isTime(_ time: Int64, from start: Int64, to end: Int64) -> Bool {
        if start == end { return false }
        if start < end { return start <= time && time < end }
        return time >= start || time < end
    }

    static func arithmetic(_ operation: ArithmeticOperation, _ a: Value, _ b: Value) -> Value {
        switch operation {
        case .addNumbers:
            guard case .number(let x) = a, case .number(let y) = b else { return .none }
            return finite(x + y)
        case .subtractNumbers:
            guard case .number(let x) = a, case .number(let y) = b else { return .none }
            return finite(x - y)
        case .multiplyNumbers:
            guard case .number(let x) = a, case .number(let y) = b else { return .none }
            return finite(x * y)
        case .divideNumbers:
            guard case .number(let x) = a, case .number(let y) = b, y != 0 else { return .none }
            return finite(x / y)
        case .remainder:
            guard case .number(let x) = a, case .number(let y) = b, y != 0 else { return .none }
            return finite(x.truncatingRemainder(dividingBy: y))
        case .addDurations:
            guard case .duration(let x) = a, case .duration(let y) = b else { return .none }
            let (sum, overflow) = x.addingReportingOverflow(y)
            return overflow ? .none : .duration(sum)
        case .subtractDurations:
            guard case .duration(let x) = a, case .duration(let y) = b else { return .none }
            let (difference, overflow) = x.subtractingReportingOverflow(y)
            return overflow ? .none : .duration(difference)
        case .multiplyDurationByNumber:
            guard case .duration(let x) = a, case .number(let y) = b else { return .none }
            return milliseconds(Double(x) * y)
        case .multiplyNumberByDuration:
            guard case .number(let x) = a, case .duration(let y) = b else { return .none }
            return milliseconds(x * Double(y))
        case .divideDurationByNumber:
            guard case .duration(let x) = a, case .number(let y) = b, y != 0 else { return .none }
            return milliseconds(Double(x) / y)
        case .divideDurations:
            guard case .duration(let x) = a, case .duration(let y) = b, y != 0 else { return .none }
            return finite(Double(x) / Double(y))
        }
    }

    static func negate(_ value: Value) -> Value {
        switch value {
        case .number(let x): return .number(-x)
        case .duration(let x):
            let (negated, overflow) = Int64(0).subtractingReportingOverflow(x)
            return overflow ? .none : .duration(negated)
        case .none, .bool, .string, .timeOfDay, .instant: return .none
        }
    }

    static func absolute(_ value: Value) -> Value {
        switch value {
        case .number(let x): return .number(x.magnitude)
        case .duration(let x): return x == .min ? .none : .duration(Swift.abs(x))
        case .none, .bool, .string, .timeOfDay, .instant: return .none
        }
    }

    /// The larger (or smaller) of two numbers or durations; none when either is none.
    static func extreme(_ a: Value, _ b: Value, largest: Bool) -> Value {
        switch (a, b) {
        case (.number(let x), .number(let y)): return .number(largest ? Swift.max(x, y) : Swift.min(x, y))
        case (.duration(let x), .duration(let y)): return .duration(largest ? Swift.max(x, y) : Swift.min(x, y))
        default: return .none
        }
    }

    /// A comparison; false when either side is none (so `!=` with none is false too).
    static func compare(_ op: ComparisonOperator, _ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return order(op, x, y)
        case (.string(let x), .string(let y)): return order(op, x, y)
        case (.duration(let x), .duration(let y)): return order(op, x, y)
        case (.timeOfDay(let x), .timeOfDay(let y)): return order(op, x, y)
        case (.instant(let x), .instant(let y)): return order(op, x, y)
        case (.bool(let x), .bool(let y)):
            switch op {
            case .equal: return x == y
            case .notEqual: return x != y
            case .less, .lessOrEqual, .greater, .greaterOrEqual: return false
            }
        default:
            return false
        }
    }

    private static func order<T: Comparable>(_ op: ComparisonOperator, _ x: T, _ y: T) -> Bool {
        switch op {
        case .equal: x == y
        case .notEqual: x != y
        case .less: x < y
        case .lessOrEqual: x <= y
        case .greater: x > y
        case .greaterOrEqual: x >= y
        }
    }

    /// `round(x, digits)`: rounds half away from zero at the decimal position `digits` (a whole number in
    /// -15...15; fractions are cut, larger values clamped), deciding on the decimal value the user sees:
    /// `round(1.005, 2)` is 1.01 although the double nearest 1.005 lies just below it.
    static func round(_ x: Double, digits: Double) -> Double {
        let places = Int(Swift.max(-15, Swift.min(15, digits.isNaN ? 0 : digits.rounded(.towardZero))))
        let magnitude = x.magnitude
        guard places != 0 else { return x.rounded(.toNearestOrAwayFromZero) }
        var scale = 1.0  // 10^|places|, exact
        var exponent = Swift.abs(places)
        while exponent > 0 {
            scale *= 10
            exponent -= 1
        }
        var whole: Double
        let midpoint: Double
        if places > 0 {
            let scaled = magnitude * scale
            if scaled >= 4_503_599_627_370_496 { return x }  // 2^52: no digits left to round away
            whole = scaled.rounded(.down)
            midpoint = (whole + 0.5) / scale  // the double nearest the decimal midpoint
        } else {
            whole = (magnitude / scale).rounded(.down)
            if whole * scale > magnitude { whole -= 1 }
            midpoint = (whole + 0.5) * scale
        }
        if magnitude >= midpoint { whole += 1 }
        let result = places > 0 ? whole / scale : whole * scale
        return x < 0 ? -result : result
    }
}
