import ReflexCore

/// A signal name with a value written for it (`initial`, `set`, `expect`, `never`), typed once the program is known.
public struct SignalValue: Sendable {
    public var name: Located<String>
    public var literal: Located<Literal>
    /// The literal read as the signal's type; filled in by `ScenarioCheck`.
    public var value: Value?

    public init(name: Located<String>, literal: Located<Literal>, value: Value? = nil) {
        self.name = name
        self.literal = literal
        self.value = value
    }
}
