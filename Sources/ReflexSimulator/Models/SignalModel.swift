/// A scripted, open-loop signal over time since the scenario start: square, sine, ramp or random walk.
enum SignalModel: Sendable {
    case square(SquareWave)
    case sine(SineWave)
    case ramp(Ramp)
    case randomWalk(RandomWalk)

    /// The value at `t`. Mutating only because a random walk keeps its last position; the value itself depends
    /// only on the parameters and `t`.
    mutating func value(at t: Int64) -> Double {
        switch self {
        case .square(let wave): return wave.value(at: t)
        case .sine(let wave): return wave.value(at: t)
        case .ramp(let ramp): return ramp.value(at: t)
        case .randomWalk(var walk):
            let value = walk.value(at: t)
            self = .randomWalk(walk)
            return value
        }
    }

    /// For a piecewise-constant signal (square, random walk), the next instant after `t` at which it may change;
    /// nil for a continuous one, which is sampled instead.
    func nextChange(after t: Int64) -> Int64? {
        switch self {
        case .square(let wave): wave.nextChange(after: t)
        case .randomWalk(let walk): walk.nextChange(after: t)
        case .sine, .ramp: nil
        }
    }

    /// Whether the signal only changes at the instants `nextChange(after:)` gives.
    var isPiecewiseConstant: Bool {
        switch self {
        case .square, .randomWalk: true
        case .sine, .ramp: false
        }
    }

    /// Problems with the parameters, for the scenario loader.
    var problems: [PlantParameterProblem] {
        switch self {
        case .square(let wave): wave.problems
        case .sine(let wave): wave.problems
        case .ramp(let ramp): ramp.problems
        case .randomWalk(let walk): walk.problems
        }
    }
}
