import ReflexCore

/// An expectation of a scenario that the run did not meet: where it is written, what it wanted and what happened.
public struct SimulationFailure: Sendable, Equatable {
    /// Which part of the run record explains the failure.
    public enum Evidence: Sendable, Equatable {
        /// The events up to and including the failed check itself, or the event that showed a forbidden
        /// value, at `at` (ms after the start); at most `RunRecord.contextLimit`, oldest first.
        case upTo(context: [RunEvent], at: Int64)
        /// The notifications sent through this notifier (by index).
        case notifications(notifier: Int)
        /// The changes driven to this output (by slot).
        case drives(slot: Int)
    }

    /// The `expect` step's signal, or the run expectation, as written.
    public var range: SourceRange
    /// One line saying what did not hold, without the expected and actual values.
    public var summary: String
    public var expected: String
    public var actual: String
    public var evidence: Evidence

    public init(range: SourceRange, summary: String, expected: String, actual: String, evidence: Evidence) {
        self.range = range
        self.summary = summary
        self.expected = expected
        self.actual = actual
        self.evidence = evidence
    }

    /// The failure as a compiler-style diagnostic, for `DiagnosticRenderer`: the summary at the range (the
    /// expected and actual values are for the lines that follow it).
    public var diagnostic: Diagnostic {
        .error(summary, at: range)
    }
}
