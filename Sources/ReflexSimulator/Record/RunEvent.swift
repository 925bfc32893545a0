import ReflexCore

/// One thing that happened during a simulated run, at its instant: what the scenario fed in, what the engine did
/// and decided, and what the expect steps found. Signals, rules and notifiers are named by index into the run's
/// program.
public struct RunEvent: Sendable, Equatable {
    /// Where an input update came from.
    public enum Origin: String, Sendable, Equatable, CaseIterable {
        /// A `set` step.
        case step
        /// A plant model or signal generator.
        case model
        /// A raw `mqtt` step, through the input's decoder.
        case mqtt
        /// A `gpio` step, after debounce and `active_low`.
        case gpio
    }

    public enum Kind: Sendable, Equatable {
        /// An input took a value from its source: the engine's `update` trace entry, with where it came from.
        case input(slot: Int, value: Value, origin: Origin)
        /// A physical edge on an input's line, before debounce and `active_low`.
        case edge(slot: Int, edge: LineEdge)
        /// A raw message that gave no value for an input (counted and ignored).
        case decodeFailure(slot: Int, topic: String, failure: DecodeFailure)
        /// What the engine returned: drives, publishes, notifications, logs, and its trace entries (each
        /// cascade's cause and what the rules decided) other than `update`, which is `input` here.
        case effect(Effect)
        /// An `expect` step compared one signal.
        case check(slot: Int, expected: Value, actual: Value, passed: Bool)
        /// The end of the run.
        case end
    }

    /// Milliseconds after the start of the run.
    public var at: Int64
    public var kind: Kind

    public init(at: Int64, kind: Kind) {
        self.at = at
        self.kind = kind
    }
}
