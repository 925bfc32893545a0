import ReflexCore

/// A square wave: `high` for the first `duty × period` of each period, then `low`, repeating from the scenario start.
///
/// The high part lasts `highLength` = `duty × period` rounded to the nearest millisecond, so the wave flips exactly
/// at that instant (the value there is already `low`) and back to `high` exactly at each multiple of `period`.
/// `phase` shifts the wave earlier: `value(at: t)` is the unshifted wave's value at `t + phase`.
struct SquareWave: Equatable, Sendable {
    var low: Double
    var high: Double
    /// Milliseconds; must be positive.
    var period: Int64
    /// The high fraction of each period, in (0, 1).
    var duty: Double = 0.5
    /// Milliseconds.
    var phase: Int64 = 0

    /// How long the wave is high in each period, in ms (0 when the parameters are bad).
    var highLength: Int64 {
        guard period > 0, duty.isFinite, duty > 0 else { return 0 }
        guard duty < 1 else { return period }
        return Int64((duty * Double(period)).rounded())
    }

    /// Whether the wave is high at `t`.
    func isHigh(at t: Int64) -> Bool {
        position(at: t) < highLength
    }

    func value(at t: Int64) -> Double {
        isHigh(at: t) ? high : low
    }

    /// The next instant after `t` at which the wave flips, or nil if it never does.
    func nextChange(after t: Int64) -> Int64? {
        let length = highLength
        guard length > 0, length < period else { return nil }
        let p = position(at: t)
        return p < length ? t + (length - p) : t + (period - p)
    }

    /// Problems with the parameters, for the scenario loader.
    var problems: [PlantParameterProblem] {
        var out: [PlantParameterProblem] = []
        if period <= 0 { out.append(.notPositive("period", milliseconds: period)) }
        if !(duty > 0 && duty < 1) {
            let found = PlantParameterProblem.text(duty)
            let message = "'duty' must be between 0 and 1 (exclusive), found \(found)"
            out.append(.init(parameter: "duty", message: message))
        } else if period > 0 && (highLength == 0 || highLength == period) {
            let found = "\(PlantParameterProblem.text(duty)) × \(DurationText.format(period))"
            let message = "'duty' × 'period' must leave at least 1ms high and 1ms low, found \(found)"
            out.append(.init(parameter: "duty", message: message))
        }
        for (name, number) in [("low", low), ("high", high)] where !number.isFinite {
            out.append(.notFinite(name, number))
        }
        return out
    }

    /// Where `t` falls within its period, in [0, period).
    private func position(at t: Int64) -> Int64 {
        guard period > 0 else { return 0 }
        return SignalTime.position(t, phase: phase, period: period)
    }
}
