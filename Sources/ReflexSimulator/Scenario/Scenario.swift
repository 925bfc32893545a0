import ReflexCore

/// A scenario (SPEC §3): the rule set it runs, a virtual start and duration, steps and expectations, with
/// the source range of every value.
public struct Scenario: Sendable {
    /// The scenario file.
    public var file: String
    /// `scenario:`, or the file name without its extension.
    public var name: Located<String>
    /// `rules:` as written (relative to the scenario file).
    public var rules: Located<String>
    /// The rule set's path as the loader opens it: `rules` joined to the scenario file's folder.
    public var rulesPath: String
    public var start: Located<ScenarioStart>
    public var timezone: Located<String>?
    /// Milliseconds; the run covers `[start, start + duration]`.
    public var duration: Located<Int64>
    public var initial: [SignalValue]
    public var models: [PlantModel]
    public var steps: [ScenarioStep]
    public var expectations: [RunExpectation]
}
