import ReflexCore

/// When a model's value is published as an input update: on a fixed grid of `period` ms from the scenario start.
struct PlantSampling: Equatable, Sendable {
    /// The default period, 1 s.
    static let defaultPeriod: Int64 = 1000

    /// Milliseconds between samples; must be positive (see `problems`).
    var period: Int64

    init(period: Int64 = PlantSampling.defaultPeriod) {
        self.period = period
    }

    /// The first sample instant strictly after `t`: the next multiple of `period` (t may be negative).
    func nextSample(after t: Int64) -> Int64 {
        let (quotient, remainder) = t.quotientAndRemainder(dividingBy: period)
        let floor = remainder < 0 ? quotient - 1 : quotient
        return (floor + 1) * period
    }

    /// Problems with the period; `parameter` is the scenario key for it.
    func problems(parameter: String = "every") -> [PlantParameterProblem] {
        guard period <= 0 else { return [] }
        return [
            PlantParameterProblem(
                parameter: parameter,
                message: "'\(parameter)' must be greater than 0, found \(DurationText.format(period))")
        ]
    }
}
