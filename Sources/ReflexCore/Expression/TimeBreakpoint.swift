/// The earliest of the instants, found while evaluating, at which an expression's value may change with time.
///
/// Candidates are offsets in milliseconds from now; each is rounded down and kept at least 1 ms, so that a
/// breakpoint is reported early rather than late (evaluating again there finds the next one).
struct TimeBreakpoint {
    /// The smallest offset seen, `Int64.max` when none.
    private(set) var offset = Int64.max

    /// Notes a change `delta` milliseconds from now (ignored unless finite and not negative).
    mutating func consider(_ delta: Double) {
        guard delta.isFinite, delta >= 0 else { return }
        let whole = delta >= 9.0e18 ? Int64.max : Swift.max(1, Int64(delta.rounded(.down)))
        offset = Swift.min(offset, whole)
    }

    /// Notes where `a + sa·t` and `b + sb·t` cross after now, when both are quantities (numbers or times).
    mutating func crossing(_ a: Value, _ b: Value, _ sa: Double, _ sb: Double) {
        guard sa != sb, let x = Self.quantity(a), let y = Self.quantity(b) else { return }
        let r = (y - x) / (sa - sb)
        if r > 0 { consider(r) }
    }

    /// Notes the first whole millisecond at which `a + sa·t op b + sb·t` changes its outcome.
    ///
    /// The outcome of a comparison of two lines changes once, where they cross (at r ms). When r is a whole
    /// number (as for `door.age > 5m`), the operator decides whether the outcome changes at r or one
    /// millisecond later; otherwise it changes at the first whole millisecond after r.
    mutating func crossing(
        _ a: Value, _ b: Value, _ sa: Double, _ sb: Double, comparing op: ComparisonOperator
    ) {
        guard sa != sb, let x = Self.quantity(a), let y = Self.quantity(b) else { return }
        let s = sa - sb
        let r = (y - x) / s
        guard r.isFinite else { return }
        let whole = r.rounded()
        guard (r - whole).magnitude <= 1e-9 * Swift.max(1, whole.magnitude) else {
            if r > 0 { consider(r.rounded(.up)) }
            return
        }
        guard whole >= 0 else { return }
        let rising = s > 0  // a - b grows
        let later: Bool
        switch op {
        case .equal, .notEqual: later = whole == 0
        case .greater, .lessOrEqual: later = rising
        case .greaterOrEqual, .less: later = !rising
        }
        consider(later ? whole + 1 : whole)
    }

    /// Notes when a step function of `x` (moving at `slope` per millisecond) next changes, its steps being at
    /// the points `origin + k·step`. `closedAbove` tells that at a step point the function already has the
    /// value of the step above it (as `floor` does; `ceil` has the value below).
    mutating func gridPoint(_ x: Double, slope: Double, origin: Double, step: Double, closedAbove: Bool) {
        guard slope != 0, step > 0 else { return }
        let k = (x - origin) / step
        let point: Double
        if slope > 0 {
            // Moving up: the next step point above, or this one when the value changes on leaving it.
            point = origin + (closedAbove ? k.rounded(.down) + 1 : k.rounded(.up)) * step
        } else {
            point = origin + (closedAbove ? k.rounded(.down) : k.rounded(.up) - 1) * step
        }
        consider((point - x) / slope)
    }

    /// A number, or a duration, time of day or instant in milliseconds.
    static func quantity(_ value: Value) -> Double? {
        switch value {
        case .number(let d): d
        case .duration(let ms), .timeOfDay(let ms), .instant(let ms): Double(ms)
        case .none, .bool, .string: nil
        }
    }
}
