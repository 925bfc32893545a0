import ReflexConfig
import ReflexCore

/// A scenario file read and decoded: the scenario (nil when there are errors), the diagnostics, the file's text.
public struct LoadedScenario: Sendable {
    public var file: String
    /// Present when the file has no errors; names and values are checked against the rule set by `ScenarioCheck`.
    public var scenario: Scenario?
    public var diagnostics: [Diagnostic]
    public var sources: SourceStore
    /// Everything that could be read, for the checks that follow even when some of it failed.
    var draft: ScenarioDraft?
}
