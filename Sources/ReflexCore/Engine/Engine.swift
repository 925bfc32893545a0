/// The deterministic core (SPEC §2): it takes input updates and the passing of time at instants and returns
/// effects. It does no I/O and reads no clock; its driver says what time it is. One per running rule set,
/// owned by one loop: not `Sendable`.
public final class Engine {
    /// Why a timer was set.
    enum Timer {
        case forElapsed(rule: Int)
        case resume(rule: Int, run: UInt32)
        case pulseEnd(output: Int)
        case changeLimit(output: Int)
        case recheck(rule: Int)
        /// A var whose value can change with time alone is due to be computed again.
        case variableRecheck(variable: Int)
        case windowExpiry(window: Int)
        case stale(slot: Int)
        case every(rule: Int, period: Int64)
        /// `at HH:MM`, in the rule set's time zone (SPEC Precise semantics 9 across DST).
        case at(rule: Int, timeOfDay: Int64)
    }

    /// Event bits of one signal within one round of propagation.
    struct Events: OptionSet {
        let rawValue: UInt8
        static let update = Events(rawValue: 1)
        static let change = Events(rawValue: 2)
        static let rise = Events(rawValue: 4)
        static let fall = Events(rawValue: 8)
        /// A window over the signal lost a sample, or its stale limit passed: readers re-evaluate.
        static let time = Events(rawValue: 16)
    }

    enum Phase { case idle, waiting, active }

    enum ListKind { case then, otherwise }

    /// A rule's pending run: which list, the next step, and what it waits for.
    struct Run {
        var list: ListKind
        var next: Int
        var id: UInt32
        var resume: Scheduler<Timer>.Handle?
        var pulses: Int
    }

    struct RuleState {
        var phase = Phase.idle
        var forTimer: Scheduler<Timer>.Handle?
        var recheck: Scheduler<Timer>.Handle?
        var run: Run?
        var queued: [ListKind] = []
        var dropped = 0
        /// A `for:` clock restored at start-up while an input its `when` reads has no value yet: it keeps
        /// counting until the inputs report, then goes on or stops as the condition says.
        var awaitingInputs = false
        /// Such a clock ran out before the inputs reported: the rule activates as soon as they show it holds.
        var elapsedAwaitingInputs = false
    }

    /// Everything the engine keeps and does, as one value in memory of its own: the hot path reaches it
    /// through this pointer, where a stored property of a class would be checked for exclusive access at
    /// every call. The engine is used from one thread (it is not `Sendable`).
    private let storage: UnsafeMutablePointer<Core>

    var core: Core {
        unsafeAddress { UnsafePointer(storage) }
        unsafeMutableAddress { storage }
    }

    public var program: Program { core.program }
    public var now: Int64 { core.now }

    public static let cascadeLimit = 64
    /// While on, effects include `.trace` entries: each cascade's cause and what the rules decided.
    public var tracing: Bool {
        get { core.tracing }
        set { core.tracing = newValue }
    }
    /// Rounds of propagation at one instant before it is stopped (a net under the compiler's cycle check).
    static let roundLimit = 10_000

    /// An engine at `start`; with a snapshot (of this rule set or an earlier one), `start()` restores what it
    /// keeps (SPEC "Restarts"): what no longer fits the rule set is dropped and listed in `droppedOnRestore`.
    public init(program: Program, start: Int64, zone: TimeZoneRules = .utc,
                restoring snapshot: EngineSnapshot? = nil)
    {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Core(program: program, start: start, zone: zone))
        storage.pointee.restoring = snapshot
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// The earliest instant at which the engine has something to do: what the driver arms its clock for.
    public var nextDeadline: Int64? { core.scheduler.nextDeadline }

    /// The current value of a signal, as expressions see it (an output as last driven).
    public func value(of slot: Int) -> Value { core.signals.values[slot] }

    /// Triggers dropped by `single` mode or a full queue, per rule.
    public func droppedTriggers(rule: Int) -> Int { core.rules[rule].dropped }

    /// Start-up (SPEC Precise semantics 2): initial values are in place; vars are computed; level rules are
    /// evaluated once (a true `when` starts its `for` clock or activates; a false one runs no `else`); then
    /// `startup` rules run; `every` clocks start. A restarted engine first puts back its snapshot and runs the
    /// deadlines that passed while it was down, in deadline order, each traced `late`.
    public func start() -> [Effect] { core.start() }

    /// What survives a restart, as of now (SPEC "Restarts").
    public func snapshot() -> EngineSnapshot { core.snapshot() }

    /// The entries of the snapshot given at `init` that `start()` dropped, because their signal, rule or output
    /// no longer exists or no longer fits (a step index past the end of the list, another type, no
    /// `min_interval`), each described in words.
    public var droppedOnRestore: [String] { core.droppedOnRestore }

    /// Runs every timer due up to and including `t`, in (deadline, creation) order, each instant settled
    /// before the next.
    public func advance(to t: Int64) -> [Effect] { core.advance(to: t) }

    /// Updates from one step or one message (applied together, evaluated once) at `t`, after the timers due
    /// at or before `t` (SPEC Precise semantics 4).
    public func update(_ updates: [(slot: Int, value: Value)], at t: Int64) -> [Effect] {
        core.update(updates, at: t)
    }

    /// The engine's state and the code that changes it. It cannot be copied: its per-slot, per-rule and
    /// per-output state lives in buffers of its own, written in place.
    struct Core: ~Copyable {
        let program: Program
        let plan: EnginePlan
        /// The plan's code and constants where the evaluator reads them in place.
        let code: FixedBuffer<Instruction>
        let constants: FixedBuffer<Value>
        var signals: SignalStore
        var now: Int64 {
            get { signals.now }
            set { signals.now = newValue }
        }

        // Outputs, by output index.
        var arbiters: FixedBuffer<OutputArbiter>
        var limiters: FixedBuffer<ChangeLimiter>
        var limitTimers: FixedBuffer<Scheduler<Timer>.Handle?>
        var pulseTimers: FixedBuffer<Scheduler<Timer>.Handle?>
        var pulseOwners: FixedBuffer<Int?>

        // Rules.
        var rules: FixedBuffer<RuleState>
        var runIDs: UInt32 = 0

        var windowTimers: FixedBuffer<Scheduler<Timer>.Handle?>
        var staleTimers: FixedBuffer<Scheduler<Timer>.Handle?>
        var variableTimers: FixedBuffer<Scheduler<Timer>.Handle?>
        /// Outputs whose arbitration changed in this cascade, driven once when it settles (by output index).
        var pendingOutputs = ScratchList<Int>()
        var outputPending: FixedBuffer<Bool>

        // Propagation.
        var scheduler = Scheduler<Timer>()
        var events: FixedBuffer<Events>
        var touched = ScratchList<Int>()
        // Scratch for propagation, reused so that steady state allocates nothing.
        var roundSlots = ScratchList<Int>()
        var roundEvents = ScratchList<(slot: Int, events: Events)>()
        var ruleOrder = ScratchList<Int>()
        var pendingVariables = ScratchList<Int>()
        var ruleStamp: FixedBuffer<UInt32>
        var variableStamp: FixedBuffer<UInt32>
        var stamp: UInt32 = 0
        var setScratch = ScratchList<Value>()
        var effects: [Effect] = []
        var evaluator: ExpressionEvaluator
        /// The evaluator's stack, for evaluating the plan's code directly.
        let stack: UnsafeMutablePointer<Value>
        /// Rule runs in the current cascade (what one update or timer caused), for the cascade limit.
        var runsThisInstant = 0
        var cascadeStopped = false
        var tracing = false
        /// A timer's cause, emitted before the first effect it has (a timer that changes nothing stays quiet).
        var pendingCause: TraceEvent?
        /// The snapshot `start()` restores, then nil.
        var restoring: EngineSnapshot?
        var droppedOnRestore: [String] = []

        init(program: Program, start: Int64, zone: TimeZoneRules) {
            self.program = program
            let plan = EnginePlan(program)
            self.plan = plan
            code = FixedBuffer(plan.code)
            constants = FixedBuffer(plan.constants)
            signals = SignalStore(program: program, start: start, zone: zone)
            let n = program.signals.count
            events = FixedBuffer(repeating: [], count: n)
            ruleStamp = FixedBuffer(repeating: 0, count: program.rules.count)
            variableStamp = FixedBuffer(repeating: 0, count: program.variables.count)
            var holders = Array(repeating: 0, count: n)  // rules that can hold each output slot
            for r in program.rules { for h in r.holds { holders[h.slot] += 1 } }
            arbiters = FixedBuffer(program.outputs.map {
                OutputArbiter(initial: program.signals[$0.slot].initial, holdCapacity: holders[$0.slot])
            })
            limiters = FixedBuffer(program.outputs.map {
                ChangeLimiter(interval: $0.minInterval ?? 0, driven: program.signals[$0.slot].initial)
            })
            limitTimers = FixedBuffer(repeating: nil, count: program.outputs.count)
            pulseTimers = FixedBuffer(repeating: nil, count: program.outputs.count)
            pulseOwners = FixedBuffer(repeating: nil, count: program.outputs.count)
            rules = FixedBuffer(repeating: RuleState(), count: program.rules.count)
            windowTimers = FixedBuffer(repeating: nil, count: program.windows.count)
            staleTimers = FixedBuffer(repeating: nil, count: n)
            variableTimers = FixedBuffer(repeating: nil, count: program.variables.count)
            outputPending = FixedBuffer(repeating: false, count: program.outputs.count)
            // The evaluator's stack has room for the deepest expression from the start, and never moves.
            evaluator = ExpressionEvaluator(maxStackDepth: plan.maxStackDepth)
            stack = evaluator.stack
        }
    }

    static func events(for edge: SignalEdge) -> Events {
        switch edge {
        case .change: .change
        case .rise: .rise
        case .fall: .fall
        case .update: .update
        }
    }
}

/// The engine reads like the expressions it evaluates see it.
extension Engine: EvaluationContext {
    public func value(_ slot: Int) -> Value { core.signals.values[slot] }
    public func previous(_ slot: Int) -> Value { core.signals.previousValues[slot] }
    public func lastUpdate(_ slot: Int) -> Int64? { core.signals.updated[slot] }
    public func lastChange(_ slot: Int) -> Int64? { core.signals.changed[slot] }
    public func isStale(_ slot: Int) -> Bool { core.signals.isStale(slot) }
    public func window(_ index: Int, _ function: WindowFunction) -> Value { core.signals.windows[index].value(function) }
    public func local(_ index: Int) -> Value { .none }
    public func utcOffset(at instant: Int64) -> Int { core.signals.zoneCell[0].offset(at: instant) }
    public func nextOffsetChange(after instant: Int64) -> Int64? { core.signals.zoneCell[0].nextTransition(after: instant) }
}
