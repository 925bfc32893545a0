/// A linear ramp from `from` at the scenario start to `to` at `over`, holding `to` after (and `from` before 0).
struct Ramp: Equatable, Sendable {
    var from: Double
    var to: Double
    /// Milliseconds; must be positive.
    var over: Int64

    func value(at t: Int64) -> Double {
        if t <= 0 { return from }
        if t >= over { return to }
        return from + (to - from) * (Double(t) / Double(over))
    }

    /// Problems with the parameters, for the scenario loader.
    var problems: [PlantParameterProblem] {
        var out: [PlantParameterProblem] = []
        if over <= 0 { out.append(.notPositive("over", milliseconds: over)) }
        for (name, number) in [("from", from), ("to", to)] where !number.isFinite {
            out.append(.notFinite(name, number))
        }
        return out
    }
}
