#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A sine wave `offset + amplitude × sin(2π (t + phase) / period)`, from the scenario start.
///
/// The angle is reduced to the first quadrant in integer arithmetic before `sin` is called, so the wave is exactly
/// `offset` at each half period, exactly `offset ± amplitude` at the quarter periods, and exactly symmetric.
struct SineWave: Equatable, Sendable {
    var offset: Double
    var amplitude: Double
    /// Milliseconds; must be positive.
    var period: Int64
    /// Milliseconds; shifts the wave earlier.
    var phase: Int64 = 0

    func value(at t: Int64) -> Double {
        guard period > 0 else { return offset }
        // In quarters of a millisecond, so that the half and quarter periods are whole numbers.
        let r = SignalTime.position(t, phase: phase, period: period)
        guard period <= Int64.max / 4 else {
            return offset + amplitude * sin(2 * Double.pi * Double(r) / Double(period))
        }
        var q = 4 * r
        var sign = 1.0
        if q >= 2 * period {
            sign = -1
            q -= 2 * period
        }
        if q > period {
            q = 2 * period - q
        }
        if q == 0 { return offset }
        let s = q == period ? 1 : sin(Double.pi / 2 * Double(q) / Double(period))
        return offset + sign * amplitude * s
    }

    /// Problems with the parameters, for the scenario loader.
    var problems: [PlantParameterProblem] {
        var out: [PlantParameterProblem] = []
        if period <= 0 { out.append(.notPositive("period", milliseconds: period)) }
        for (name, number) in [("offset", offset), ("amplitude", amplitude)] where !number.isFinite {
            out.append(.notFinite(name, number))
        }
        return out
    }
}
