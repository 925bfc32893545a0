import ReflexCore

/// A closed-loop plant model or signal generator that drives one input during a run.
///
/// Written under `models:` as `INPUT: {first_order: {...}}` or `INPUT: {signal: {KIND: {...}}}`:
///
/// - `first_order: {initial, ambient, tau, gain: {OUTPUT: number}, every?}` — a first-order lag:
///   `d value / dt = (ambient + Σ gain × output − value) / tau`, where a bool output counts 1 when on and 0
///   when off. `initial` is the value at t = 0, `tau` > 0, `gain` optional. Number inputs only.
/// - `signal: {square: {low, high, period, duty?}}` — `high` for the first `duty × period` of each period
///   (`duty` in (0, 1), default 0.5), then `low`; `low`/`high` are typed as the input (bool or number).
/// - `signal: {sine: {offset, amplitude, period, every?}}` — `offset + amplitude × sin(2π t / period)`.
/// - `signal: {ramp: {from, to, over, every?}}` — linear from `from` at t = 0 to `to` at `over`, then `to`.
/// - `signal: {random_walk: {start, step, every, min?, max?, seed}}` — from `start`, each `every` moves by
///   `+step` or `-step` (a deterministic generator seeded by `seed`), clamped to `[min, max]`.
///
/// `every` is how often a continuous model updates its input (default 1s); a square wave updates at its edges.
public struct PlantModel: Sendable {
    public struct FirstOrder: Sendable {
        public var initial: Located<Double>
        public var ambient: Located<Double>
        /// Milliseconds.
        public var tau: Located<Int64>
        public var gains: [(output: Located<String>, gain: Located<Double>)]
        public var every: Located<Int64>?
    }

    public struct Square: Sendable {
        public var low: SignalValue
        public var high: SignalValue
        public var period: Located<Int64>
        public var duty: Located<Double>?
    }

    public struct Sine: Sendable {
        public var offset: Located<Double>
        public var amplitude: Located<Double>
        public var period: Located<Int64>
        public var every: Located<Int64>?
    }

    public struct Ramp: Sendable {
        public var from: Located<Double>
        public var to: Located<Double>
        public var over: Located<Int64>
        public var every: Located<Int64>?
    }

    public struct RandomWalk: Sendable {
        public var start: Located<Double>
        public var step: Located<Double>
        public var every: Located<Int64>
        public var min: Located<Double>?
        public var max: Located<Double>?
        public var seed: Located<Int>
    }

    public enum Kind: Sendable {
        case firstOrder(FirstOrder)
        case square(Square)
        case sine(Sine)
        case ramp(Ramp)
        case randomWalk(RandomWalk)

        /// The key that introduced it, for messages.
        public var keyword: String {
            switch self {
            case .firstOrder: "first_order"
            case .square: "square"
            case .sine: "sine"
            case .ramp: "ramp"
            case .randomWalk: "random_walk"
            }
        }
    }

    public var input: Located<String>
    public var kind: Kind
    /// The model's mapping (after the input name).
    public var range: SourceRange
}
