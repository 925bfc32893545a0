import ReflexConfig
import ReflexCore

/// A scenario ready to run on a virtual clock against its compiled rule set, with the same `Engine` the device
/// runs (SPEC §3).
///
/// Time zones (SPEC Precise semantics 9): the rules run in the rule set's `timezone`, else the scenario's, else
/// the system's; a `start` without an offset is read in the scenario's `timezone`, else the rule set's, else the
/// system's.
///
/// What happens at one instant, in this order (each event evaluated and settled, with every timer it makes due at
/// that same instant, before the next):
/// 1. the engine's timers due then, by (deadline, creation order);
/// 2. GPIO debounce deadlines, one input at a time in declaration order: a level that commits is an input update;
/// 3. models due then publish their values, all together in one update, in the order the models are written;
/// 4. the scenario's steps at that instant, in file order.
///
/// Before t = 0 the declared initial values are in place, then the scenario's `initial` over them, then each
/// model's value at t = 0 over its input: none fires a trigger or adds a window sample (Precise semantics 2).
/// Start-up runs at t = 0 before anything else. The run ends after the last instant ≤ start + duration.
public struct Simulation: Sendable {
    public var scenario: Scenario
    /// The rule set as compiled, before the scenario's initial values are put in.
    public var program: Program
    /// The zone the rules run in.
    public var zone: TimeZoneRules
    /// Milliseconds since the Unix epoch at t = 0.
    public var start: Int64

    /// A scenario and its rule set, with zones read from `timezoneDirectory` (the system's zone for a run where
    /// neither file names one).
    public init(scenario: Scenario, program: Program,
                timezoneDirectory: String = TimeZoneLoader.defaultDirectory) throws(TimeZoneLoadError)
    {
        let ruleZone = try program.timezone.map { name throws(TimeZoneLoadError) in
            try TimeZoneLoader.load(name: name, directory: timezoneDirectory).get()
        }
        let scenarioZone = try scenario.timezone.map { name throws(TimeZoneLoadError) in
            try TimeZoneLoader.load(name: name.value, directory: timezoneDirectory).get()
        }
        let system = ruleZone == nil || scenarioZone == nil ? TimeZoneLoader.system() : .utc
        self.init(scenario: scenario, program: program, zone: ruleZone ?? scenarioZone ?? system,
                  startZone: scenarioZone ?? ruleZone ?? system)
    }

    /// A scenario and its rule set with the zones given: the rules' and the one `start` is read in.
    init(scenario: Scenario, program: Program, zone: TimeZoneRules, startZone: TimeZoneRules) {
        self.scenario = scenario
        self.program = program
        self.zone = zone
        start = scenario.start.value.instant(in: startZone)
    }

    /// The checked scenario's simulation; nil when the check found errors.
    public init?(_ check: ScenarioCheck, timezoneDirectory: String = TimeZoneLoader.defaultDirectory)
        throws(TimeZoneLoadError)
    {
        guard let scenario = check.scenario, let program = check.program else { return nil }
        try self.init(scenario: scenario, program: program, timezoneDirectory: timezoneDirectory)
    }

    /// Runs the scenario from start to end; the same simulation gives the same result every time.
    /// `retention`: `.everything` for a trace of the run, `.evidence` to judge it in bounded memory;
    /// `timeline`: whether to sample the run for its picture; `trace`: receives each trace line (without its
    /// newline) as the run makes it, so that a long run's trace needs no memory of its own.
    public func run(retention: RunRecord.Retention = .everything, timeline: Bool = true,
                    trace: ((String) -> Void)? = nil) -> SimulationResult
    {
        VirtualRun(self, retention: retention, timeline: timeline, trace: trace).run()
    }
}
