import ReflexCore

/// What a simulated run gives: the record of everything that happened, the expectations it did not meet, and the
/// timeline picture's data.
public struct SimulationResult: Sendable {
    public var record: RunRecord
    /// Failed `expect` steps in the order they ran, then failed run expectations in the order they are written.
    public var failures: [SimulationFailure]
    /// MQTT payloads that did not decode for an input (SPEC Precise semantics 8): counted and ignored.
    public var decodeFailures: Int
    /// Milliseconds of virtual time the run covered.
    public var duration: Int64
    /// The picture's data, when it was asked for.
    public var timeline: Timeline?

    public var passed: Bool { failures.isEmpty }
}
