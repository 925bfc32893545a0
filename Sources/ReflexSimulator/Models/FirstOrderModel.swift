import ReflexCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A first-order lag toward `ambient + Σ gain × output`, integrated exactly between instants.
///
/// `x' = (target − x) / tau` with `target = ambient + Σ gain_i × u_i`, where `u_i` is output i's value as a
/// number (see `PlantInput`). Outputs are piecewise constant between events, so over an interval with constant
/// outputs `x(t1) = target + (x(t0) − target) × exp(−(t1 − t0) / tau)`: there is no step-size error.
/// `advance(to:outputs:)` takes the outputs that held since the previous advance. While the target stays the same,
/// bit for bit, every value is computed from the instant it last changed, so an interval split into any number of
/// advances ends on exactly the value of one advance, and a day of 1 s advances does not drift from the closed form.
struct FirstOrderModel: Sendable {
    /// One term of the target: `gain` times the value of the output with signal id `output`.
    struct Gain: Equatable, Sendable {
        var output: Int
        var gain: Double
    }

    let initial: Double
    let ambient: Double
    /// Milliseconds; must be positive (see `problems`).
    let tau: Int64
    let gains: [Gain]
    let sampling: PlantSampling

    /// The instant of `value`.
    private(set) var time: Int64
    private(set) var value: Double

    /// Where the current exponential segment starts: its instant, value and target. NaN target: no segment yet.
    private var anchorTime: Int64
    private var anchorValue: Double
    private var anchorTarget: Double = .nan

    init(
        initial: Double, ambient: Double, tau: Int64, gains: [(output: Int, gain: Double)] = [],
        samplePeriod: Int64 = PlantSampling.defaultPeriod, start: Int64 = 0
    ) {
        self.initial = initial
        self.ambient = ambient
        self.tau = tau
        self.gains = gains.map { Gain(output: $0.output, gain: $0.gain) }
        self.sampling = PlantSampling(period: samplePeriod)
        self.time = start
        self.value = initial
        self.anchorTime = start
        self.anchorValue = initial
    }

    /// The output ids the target reads, ascending, each once.
    var outputs: [Int] {
        Array(Set(gains.map(\.output))).sorted()
    }

    /// `ambient + Σ gain × output`, summed in the order the gains were given.
    func target(outputs: (Int) -> Double) -> Double {
        var sum = ambient
        for term in gains {
            sum += term.gain * outputs(term.output)
        }
        return sum
    }

    /// The value at `t` ≥ `time` if the given outputs hold from `time` to `t`; the model does not change.
    func value(at t: Int64, outputs: (Int) -> Double) -> Double {
        precondition(t >= time, "a first-order model cannot look back in time")
        return project(to: t, target: target(outputs: outputs))
    }

    /// Moves to `t` ≥ `time`, with `outputs` the values that held since the previous advance.
    mutating func advance(to t: Int64, outputs: (Int) -> Double) {
        precondition(t >= time, "a first-order model cannot go back in time")
        let target = target(outputs: outputs)
        if target != anchorTarget {
            anchorTime = time
            anchorValue = value
            anchorTarget = target
        }
        value = project(to: t, target: target)
        time = t
    }

    /// `advance(to:outputs:)` with the outputs as an array indexed by output id; ids past its end count as 0.
    mutating func advance(to t: Int64, outputs: [Double]) {
        advance(to: t) { $0 >= 0 && $0 < outputs.count ? outputs[$0] : 0 }
    }

    /// The first millisecond at or after `t` at which the value has reached `level` if the outputs stay constant
    /// from `time` on, or nil when it never does (the level is not between the value at `t` and the target, or the
    /// target itself, which is approached but never crossed).
    ///
    /// "Reached" means `value >= level` while rising and `value <= level` while falling, computed exactly as
    /// `advance(to:outputs:)` would compute it; the value at `t` equal to `level` gives `t`.
    func timeToReach(_ level: Double, from t: Int64, outputs: (Int) -> Double) -> Int64? {
        precondition(t >= time, "a first-order model cannot look back in time")
        let target = target(outputs: outputs)
        let start = project(to: t, target: target)
        if start == level { return t }
        let rising = start < target
        guard rising ? (start < level && level < target) : (start > level && level > target) else { return nil }
        func reached(_ s: Int64) -> Bool {
            let v = project(to: s, target: target)
            return rising ? v >= level : v <= level
        }
        // The closed form gives the instant to within rounding; a short search settles the exact millisecond.
        let delta = Double(tau) * log((start - target) / (level - target))
        let room = Int64.max - t
        guard delta.isFinite, delta < Double(room / 2) else { return nil }
        let guess = t + Swift.max(1, Int64(delta.rounded(.up)))
        var low = t
        var high = guess
        if reached(guess) {
            if guess - 1 == t || !reached(guess - 1) { return guess }
            high = guess - 1
        } else {
            low = guess
            var stride: Int64 = 1
            while true {
                guard stride <= (Int64.max - low) / 2 else { return nil }
                high = low + stride
                if reached(high) { break }
                low = high
                stride *= 2
            }
        }
        // Invariant: not reached at `low`, reached at `high`.
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if reached(middle) { high = middle } else { low = middle }
        }
        return high
    }

    /// The next instant after `t` at which the simulator publishes the value.
    func nextSample(after t: Int64) -> Int64 {
        sampling.nextSample(after: t)
    }

    /// Problems with the parameters, for the scenario loader; empty when the model can run.
    var problems: [PlantParameterProblem] {
        var out: [PlantParameterProblem] = []
        if tau <= 0 { out.append(.notPositive("tau", milliseconds: tau)) }
        if !initial.isFinite { out.append(.notFinite("initial", initial)) }
        if !ambient.isFinite { out.append(.notFinite("ambient", ambient)) }
        for term in gains where !term.gain.isFinite { out.append(.notFinite("gain", term.gain)) }
        return out + sampling.problems()
    }

    /// The value at `s` ≥ `time` under `target`, computed from the current segment's start when the target is the
    /// one that segment was started with, so that any split of an interval gives the same bits.
    private func project(to s: Int64, target: Double) -> Double {
        if s == time { return value }
        let (fromTime, fromValue) = target == anchorTarget ? (anchorTime, anchorValue) : (time, value)
        return target + (fromValue - target) * exp(-Double(s - fromTime) / Double(tau))
    }
}
