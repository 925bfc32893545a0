import ReflexCore

/// What decoding a scenario file produced, required parts possibly missing; becomes a `Scenario` when whole.
struct ScenarioDraft: Sendable {
    var file: String
    var name: Located<String>?
    var rules: Located<String>?
    var rulesPath: String?
    var start: Located<ScenarioStart>?
    var timezone: Located<String>?
    var duration: Located<Int64>?
    var initial: [SignalValue] = []
    var models: [PlantModel] = []
    var steps: [ScenarioStep] = []
    var expectations: [RunExpectation] = []

    init(file: String) { self.file = file }

    /// The scenario, when every required part was read.
    var scenario: Scenario? {
        guard let name, let rules, let rulesPath, let start, let duration else { return nil }
        return Scenario(file: file, name: name, rules: rules, rulesPath: rulesPath, start: start, timezone: timezone,
                        duration: duration, initial: initial, models: models, steps: steps,
                        expectations: expectations)
    }
}
