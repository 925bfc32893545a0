import ReflexCore

/// An input driven by a scenario model in a run: the plant or signal, and when it next publishes.
///
/// A bool input (a square wave between `off` and `on`) reads the model's number as on when it is not 0.
struct ModelledInput {
    let slot: Int
    private let isBool: Bool
    private(set) var dynamics: PlantDynamics
    /// The next instant (ms after the start) the model publishes its value; nil when it never does again.
    private(set) var next: Int64?

    init(_ model: PlantModel, slot: Int, type: ValueType, slots: [String: Int]) {
        self.slot = slot
        isBool = type == .bool
        let every = { (period: Located<Int64>?) in period?.value ?? PlantSampling.defaultPeriod }
        switch model.kind {
        case .firstOrder(let f):
            let gains = f.gains.compactMap { g in slots[g.output.value].map { (output: $0, gain: g.gain.value) } }
            dynamics = PlantDynamics(FirstOrderModel(
                initial: f.initial.value, ambient: f.ambient.value, tau: f.tau.value, gains: gains,
                samplePeriod: every(f.every)))
        case .square(let s):
            let wave = SquareWave(low: Self.number(s.low.value), high: Self.number(s.high.value),
                                  period: s.period.value, duty: s.duty?.value ?? 0.5)
            dynamics = PlantDynamics(.square(wave))
        case .sine(let s):
            let wave = SineWave(offset: s.offset.value, amplitude: s.amplitude.value, period: s.period.value)
            dynamics = PlantDynamics(.sine(wave), samplePeriod: every(s.every))
        case .ramp(let r):
            dynamics = PlantDynamics(.ramp(Ramp(from: r.from.value, to: r.to.value, over: r.over.value)),
                                     samplePeriod: every(r.every))
        case .randomWalk(let w):
            let walk = RandomWalk(start: w.start.value, step: w.step.value, every: w.every.value, min: w.min?.value,
                                  max: w.max?.value, seed: UInt64(bitPattern: Int64(w.seed.value)))
            dynamics = PlantDynamics(.randomWalk(walk))
        }
        next = dynamics.nextUpdate(after: 0)
    }

    /// The value the model gives its input now.
    var value: Value {
        isBool ? .bool(dynamics.value != 0) : .number(dynamics.value)
    }

    /// Moves the model to `t`; `outputs` (by slot) are the values that held since it last moved.
    mutating func advance(to t: Int64, outputs: (Int) -> Double) {
        if t > dynamics.time { dynamics.advance(to: t, outputs: outputs) }
    }

    /// The model published at `next`: moves the next publication on.
    mutating func published() {
        if let t = next { next = dynamics.nextUpdate(after: t) }
    }

    /// A typed model value as a number: bools count 1 when on.
    private static func number(_ value: Value?) -> Double {
        value.map(PlantInput.numeric) ?? 0
    }
}
