import ReflexCore

/// The vertical scale of one numeric panel: values to y positions, with ticks at round numbers.
struct ValueAxis {
    let lower: Double
    let upper: Double
    let top: Double
    let bottom: Double
    /// Tick values, bottom up, and their labels.
    let ticks: [(value: Double, label: String)]

    /// A scale covering `values` (finite), widened to round numbers; `0...1` when there are none.
    init(values: [Double], top: Double, bottom: Double) {
        self.top = top
        self.bottom = bottom
        var low = values.min() ?? 0
        var high = values.max() ?? 1
        if low == high {
            let pad = max(low.magnitude * 0.1, 1)
            low -= pad
            high += pad
        }
        guard (high - low).isFinite, let (mantissa, exponent) = Self.step(for: (high - low) / 4) else {
            lower = low
            upper = high
            ticks = []
            return
        }
        let step = Self.value(1, mantissa, exponent)
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        lower = Self.value(first, mantissa, exponent)
        upper = Self.value(last, mantissa, exponent)
        var ticks: [(Double, String)] = []
        var k = first
        while k <= last, ticks.count < 20 {
            let v = Self.value(k, mantissa, exponent)
            ticks.append((v, ValueText.number(v)))
            k += 1
        }
        self.ticks = ticks
    }

    /// The y position of `value`.
    func y(_ value: Double) -> Double {
        guard upper > lower else { return bottom }
        return bottom - (value - lower) / (upper - lower) * (bottom - top)
    }

    /// The smallest round step (1, 2 or 5 × 10^exponent) of at least `raw`.
    private static func step(for raw: Double) -> (Int, Int)? {
        guard raw > 0, raw.isFinite else { return nil }
        var exponent = 0
        var power = 1.0
        while power * 10 <= raw, exponent < 308 {
            power *= 10
            exponent += 1
        }
        while power > raw, exponent > -308 {
            exponent -= 1
            power = value(1, 1, exponent)
        }
        for mantissa in [1, 2, 5] where value(1, mantissa, exponent) >= raw { return (mantissa, exponent) }
        return (1, exponent + 1)
    }

    /// `k × mantissa × 10^exponent`, exact where the decimal value has a double close to it.
    private static func value(_ k: Double, _ mantissa: Int, _ exponent: Int) -> Double {
        var power = 1.0
        for _ in 0..<min(exponent.magnitude, 308) { power *= 10 }
        return exponent >= 0 ? k * Double(mantissa) * power : k * Double(mantissa) / power
    }
}
