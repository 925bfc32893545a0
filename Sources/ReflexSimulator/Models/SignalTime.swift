/// Integer time arithmetic shared by the periodic signals.
enum SignalTime {
    /// `a` mod `m` in [0, m) for positive `m`, also for negative `a`.
    static func modulo(_ a: Int64, _ m: Int64) -> Int64 {
        let r = a % m
        return r < 0 ? r + m : r
    }

    /// Where `t + phase` falls within a period, in [0, period), without overflow for any `t` and `phase`.
    static func position(_ t: Int64, phase: Int64, period: Int64) -> Int64 {
        let a = modulo(t, period)
        let b = modulo(phase, period)
        return a >= period - b ? a - (period - b) : a + b
    }
}
