import ReflexCore

/// One timed step of a scenario: an input update, a raw MQTT message, GPIO edges, or a check of signal values.
public struct ScenarioStep: Sendable {
    public enum Action: Sendable {
        /// `set: {INPUT: value}` — updates from the inputs' sources, applied together.
        case set([SignalValue])
        /// `mqtt: {topic, payload}` — a raw message, through the decoder of every input whose filter matches.
        case mqtt(topic: Located<String>, payload: Located<String>)
        /// `gpio: {INPUT: rise|fall}` — edges on input lines.
        case gpio([(input: Located<String>, edge: Located<LineEdge>)])
        /// `expect: {SIGNAL: value}` — values that must hold at that instant.
        case expect([SignalValue])
    }

    /// Milliseconds after the start.
    public var at: Located<Int64>
    public var action: Action
    /// The whole step, for messages that name it.
    public var range: SourceRange

    public init(at: Located<Int64>, action: Action, range: SourceRange) {
        self.at = at
        self.action = action
        self.range = range
    }
}
