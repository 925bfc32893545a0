import ReflexCore

/// One thing that happened during a simulated run, at its instant: what the scenario fed in, what the engine did,
/// and what the expect steps found. Signals and notifiers are named by slot and index into the run's program.
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
        /// The run of the scenario named begins, on the rule set at the path given: initial values are in place,
        /// start-up is about to run.
        case start(scenario: String, rules: String)
        /// An input took a value from its source.
        case input(slot: Int, value: Value, origin: Origin)
        /// A raw MQTT message from a step, before decoding.
        case message(topic: String, payload: String)
        /// A message that gave no value for an input (counted and ignored).
        case decodeFailure(slot: Int, topic: String, failure: DecodeFailure)
        /// A physical edge on an input's line, before debounce and `active_low`.
        case lineEdge(slot: Int, edge: LineEdge)
        /// The engine drove an output.
        case drive(slot: Int, value: Value)
        case publish(topic: String, payload: String, qos: Int, retain: Bool)
        case notify(Notification)
        case log(rule: String, message: String)
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
