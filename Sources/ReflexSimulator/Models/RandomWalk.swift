import ReflexCore

/// A seeded random walk: from `start`, at each multiple of `every` it moves by `+step` or `-step`, clamped to bounds.
///
/// The value at `t` is the position after `t / every` moves (none before the first `every`), so it depends only on
/// the parameters and `t`. Each move takes one draw of `SplitMix64(seed)`: its top bit set means up. A move that
/// would leave `[min, max]` stops at the bound (clamp, as the scenario format documents); a bound not given does not
/// limit. A `start` outside the bounds stays as it is until the first move. The walk keeps its last position, so a
/// run of queries at non-decreasing instants costs one move each, amortised; an earlier instant replays from start.
struct RandomWalk: Sendable {
    let start: Double
    let step: Double
    /// Milliseconds between moves; must be positive.
    let every: Int64
    let min: Double?
    let max: Double?
    let seed: UInt64

    private var moves: Int64 = 0
    private var position: Double
    private var generator: SplitMix64

    init(start: Double, step: Double, every: Int64, min: Double? = nil, max: Double? = nil, seed: UInt64) {
        self.start = start
        self.step = step
        self.every = every
        self.min = min
        self.max = max
        self.seed = seed
        self.position = start
        self.generator = SplitMix64(seed: seed)
    }

    /// The position at `t`: after `t / every` moves.
    mutating func value(at t: Int64) -> Double {
        guard every > 0 else { return start }
        let wanted = t < 0 ? 0 : t / every
        if wanted < moves {
            moves = 0
            position = start
            generator = SplitMix64(seed: seed)
        }
        while moves < wanted {
            var next = generator.next() >> 63 == 1 ? position + step : position - step
            if let min, next < min { next = min }
            if let max, next > max { next = max }
            position = next
            moves += 1
        }
        return position
    }

    /// The next instant after `t` at which the walk moves (its value may stay the same at a bound).
    func nextChange(after t: Int64) -> Int64? {
        guard every > 0 else { return nil }
        return PlantSampling(period: every).nextSample(after: t)
    }

    /// Problems with the parameters, for the scenario loader.
    var problems: [PlantParameterProblem] {
        var out: [PlantParameterProblem] = []
        let text = PlantParameterProblem.text
        if every <= 0 { out.append(.notPositive("every", milliseconds: every)) }
        if !(step > 0 && step.isFinite) {
            let message = "'step' must be a finite number greater than 0, found \(text(step))"
            out.append(.init(parameter: "step", message: message))
        }
        if !start.isFinite { out.append(.notFinite("start", start)) }
        for (name, bound) in [("min", min), ("max", max)] {
            if let bound, bound.isNaN { out.append(.notFinite(name, bound)) }
        }
        if let min, let max, min > max {
            let message = "'min' (\(text(min))) must not be greater than 'max' (\(text(max)))"
            out.append(.init(parameter: "min", message: message))
        } else {
            if let min, start < min {
                out.append(.init(parameter: "start", message: "'start' (\(text(start))) is below 'min' (\(text(min)))"))
            }
            if let max, start > max {
                out.append(.init(parameter: "start", message: "'start' (\(text(start))) is above 'max' (\(text(max)))"))
            }
        }
        return out
    }
}
