import ReflexCore

/// An expectation over the whole run (`expect:` at the top of a scenario).
public struct RunExpectation: Sendable {
    /// How a notification's message is compared.
    public enum MessageMatch: Sendable {
        case equals(Located<String>)
        case contains(Located<String>)
        /// A regular expression searched anywhere in the message.
        case matches(Located<String>)
    }

    /// `notify: NAME` with optional `between: [d1, d2]` (closed) and `message`.
    public struct Notify: Sendable {
        public var notifier: Located<String>
        /// Milliseconds after the start.
        public var between: (from: Located<Int64>, to: Located<Int64>)?
        public var message: MessageMatch?
    }

    /// What `count` counts.
    public enum CountSubject: Sendable {
        case notify(Located<String>)
        case changes(Located<String>)
    }

    /// How `count` compares.
    public enum Comparison: String, Sendable, CaseIterable {
        case equals
        case atLeast = "at_least"
        case atMost = "at_most"
    }

    public struct Count: Sendable {
        public var subject: CountSubject
        public var comparison: Located<Comparison>
        public var count: Located<Int>
    }

    public enum Kind: Sendable {
        case notify(Notify)
        /// One signal value that must never be observed (each pair of a `never` mapping is its own expectation).
        case never(SignalValue)
        case count(Count)
    }

    public var kind: Kind
    public var range: SourceRange
}
