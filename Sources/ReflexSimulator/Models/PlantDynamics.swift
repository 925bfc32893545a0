/// The run-time state of one scenario model: a closed-loop plant or an open-loop signal, and when to publish it.
///
/// The simulator keeps one per modelled input. At each event it calls `advance(to:outputs:)` with the outputs that
/// held since the previous call (before the event's own effects), and publishes `value` as an input update at the
/// instants `nextUpdate(after:)` gives. Everything here is a pure function of the parameters and the call sequence.
struct PlantDynamics: Sendable {
    enum Kind: Sendable {
        case firstOrder(FirstOrderModel)
        case signal(SignalModel)
    }

    private(set) var kind: Kind
    /// The fixed grid a continuous model is published on.
    let sampling: PlantSampling
    /// The instant of `value`.
    private(set) var time: Int64
    private(set) var value: Double

    /// A first-order plant, sampled at its own period, starting at its `time`.
    init(_ model: FirstOrderModel) {
        kind = .firstOrder(model)
        sampling = model.sampling
        time = model.time
        value = model.value
    }

    /// A scripted signal, starting at the scenario start (t = 0); `samplePeriod` matters for sine and ramp.
    init(_ signal: SignalModel, samplePeriod: Int64 = PlantSampling.defaultPeriod) {
        var signal = signal
        value = signal.value(at: 0)
        kind = .signal(signal)
        sampling = PlantSampling(period: samplePeriod)
        time = 0
    }

    /// The output ids the model reads (its gains); empty for a signal.
    var outputs: [Int] {
        switch kind {
        case .firstOrder(let model): model.outputs
        case .signal: []
        }
    }

    /// Moves to `t` ≥ `time`; `outputs` (by output id) are the values that held since the previous call.
    mutating func advance(to t: Int64, outputs: (Int) -> Double) {
        precondition(t >= time, "a plant model cannot go back in time")
        switch kind {
        case .firstOrder(var model):
            model.advance(to: t, outputs: outputs)
            value = model.value
            kind = .firstOrder(model)
        case .signal(var signal):
            value = signal.value(at: t)
            kind = .signal(signal)
        }
        time = t
    }

    /// The next instant after `t` at which the simulator publishes the value: a square wave's edges, a random
    /// walk's moves, otherwise the sampling grid.
    func nextUpdate(after t: Int64) -> Int64? {
        switch kind {
        case .signal(let signal) where signal.isPiecewiseConstant: signal.nextChange(after: t)
        case .firstOrder, .signal: sampling.nextSample(after: t)
        }
    }

    /// The next instant on the sampling grid after `t`, whatever the kind.
    func nextSample(after t: Int64) -> Int64 {
        sampling.nextSample(after: t)
    }

    /// For a first-order plant, the first millisecond at or after `t` at which it reaches `level` under constant
    /// outputs (see `FirstOrderModel.timeToReach`); nil for a signal or when it never does.
    func timeToReach(_ level: Double, from t: Int64, outputs: (Int) -> Double) -> Int64? {
        switch kind {
        case .firstOrder(let model): model.timeToReach(level, from: t, outputs: outputs)
        case .signal: nil
        }
    }

    /// Problems with the parameters, for the scenario loader; empty when the model can run.
    var problems: [PlantParameterProblem] {
        switch kind {
        case .firstOrder(let model): model.problems
        case .signal(let signal): signal.problems + sampling.problems()
        }
    }
}
