import ReflexConfig
import ReflexCore
import ReflexRuntime
import ReflexSimulator

/// A scenario file checked against its rule set: ready to run, or kept from running by its errors.
struct PreparedScenario {
    let file: String
    let check: ScenarioCheck
    /// Nil when the scenario or its rule set has errors (or a time zone cannot be read).
    let simulation: Simulation?
    /// The rendered diagnostics (warnings only, when the scenario can run), with a closing `ERROR` line when
    /// it cannot; empty when there is nothing to say.
    let diagnostics: String

    init(_ file: String) {
        self.file = file
        check = ScenarioCheck(path: file)
        var text = check.rendered()
        var simulation: Simulation?
        do {
            simulation = try Simulation(check)
            if simulation == nil {
                let n = check.errorCount
                text += "ERROR \(file): \(n) error\(n == 1 ? "" : "s"); the scenario did not run\n"
            }
        } catch {
            text += "\(file):1:1: error: \(error)\nERROR \(file): the scenario did not run\n"
        }
        self.simulation = simulation
        diagnostics = text
    }

    /// Runs the scenario, timed on the wall clock; nil when it cannot run.
    func run(retention: RunRecord.Retention, timeline: Bool, trace: ((String) -> Void)? = nil) -> ScenarioReport? {
        guard let simulation else { return nil }
        let clock = DeviceClock()
        let began = clock.monotonicMilliseconds()
        let result = simulation.run(retention: retention, timeline: timeline, trace: trace)
        return ScenarioReport(file: file, check: check, result: result, wallTime: clock.monotonicMilliseconds() - began)
    }
}
