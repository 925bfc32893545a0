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
    }

    public let program: Program
    let zone: TimeZoneRules
    public internal(set) var now: Int64

    // Signals, by slot.
    var values: [Value]
    var previousValues: [Value]
    var updated: [Int64]
    var changed: [Int64]

    // Outputs, by output index.
    var outputOf: [Int]
    var arbiters: [OutputArbiter] = []
    var limiters: [ChangeLimiter] = []
    var limitTimers: [Scheduler<Timer>.Handle?]
    var pulseTimers: [Scheduler<Timer>.Handle?]
    var pulseOwners: [Int?]

    // Rules.
    var rules: [RuleState]
    var runIDs: UInt32 = 0

    // Indexes.
    /// The level rules that read a signal (in `when`, `until` or a hold), per slot.
    var ruleReaders: [[Int]]
    var eventRules: [[(rule: Int, edge: SignalEdge)]]
    var windowsOf: [[Int]]
    var windows: [SampleWindow]
    var windowTimers: [Scheduler<Timer>.Handle?]
    var staleTimers: [Scheduler<Timer>.Handle?]

    // Propagation.
    var scheduler = Scheduler<Timer>()
    var events: [Events]
    var touched: [Int] = []
    // Scratch for propagation, reused so that steady state allocates nothing.
    var roundSlots: [Int] = []
    var roundEvents: [(slot: Int, events: Events)] = []
    var ruleOrder: [Int] = []
    var dirtyStamp: [UInt32]
    var ruleStamp: [UInt32]
    var stamp: UInt32 = 0
    var varReadSlots: [[Int]] = []
    var setScratch: [Value] = []
    var effects: [Effect] = []
    var evaluator: ExpressionEvaluator
    var localValue: Value = .none
    /// Rule runs in the current cascade (what one update or timer caused), for the cascade limit.
    var runsThisInstant = 0
    var cascadeStopped = false
    public static let cascadeLimit = 64
    /// While on, effects include `.trace` entries: each cascade's cause and what the rules decided.
    public var tracing = false
    /// A timer's cause, emitted before the first effect it has (a timer that changes nothing stays quiet).
    var pendingCause: TraceEvent?
    /// Rounds of propagation at one instant before it is stopped (a net under the compiler's cycle check).
    static let roundLimit = 10_000

    public init(program: Program, start: Int64, zone: TimeZoneRules = .utc) {
        self.program = program
        self.zone = zone
        self.now = start
        let n = program.signals.count
        values = program.signals.map(\.initial)
        previousValues = Array(repeating: .none, count: n)
        updated = Array(repeating: start, count: n)
        changed = Array(repeating: start, count: n)
        events = Array(repeating: [], count: n)
        dirtyStamp = Array(repeating: 0, count: n)
        ruleStamp = Array(repeating: 0, count: program.rules.count)
        outputOf = Array(repeating: -1, count: n)
        var holders = Array(repeating: 0, count: n)  // rules that can hold each output slot
        for r in program.rules { for h in r.holds { holders[h.slot] += 1 } }
        for (i, o) in program.outputs.enumerated() {
            outputOf[o.slot] = i
            let initial = program.signals[o.slot].initial
            arbiters.append(OutputArbiter(initial: initial, holdCapacity: holders[o.slot]))
            limiters.append(ChangeLimiter(interval: o.minInterval ?? 0, driven: initial))
        }
        limitTimers = Array(repeating: nil, count: program.outputs.count)
        pulseTimers = Array(repeating: nil, count: program.outputs.count)
        pulseOwners = Array(repeating: nil, count: program.outputs.count)
        rules = Array(repeating: RuleState(), count: program.rules.count)
        ruleReaders = Array(repeating: [], count: n)
        eventRules = Array(repeating: [], count: n)
        windowsOf = Array(repeating: [], count: n)
        windows = program.windows.map { SampleWindow(width: $0.width) }
        windowTimers = Array(repeating: nil, count: program.windows.count)
        staleTimers = Array(repeating: nil, count: n)
        // The evaluator's stack grows once to the deepest expression it meets, then stays.
        evaluator = ExpressionEvaluator()
        buildIndexes()
    }

    /// The earliest instant at which the engine has something to do: what the driver arms its clock for.
    public var nextDeadline: Int64? { scheduler.nextDeadline }

    /// The current value of a signal, as expressions see it (an output as last driven).
    public func value(of slot: Int) -> Value { values[slot] }

    /// Triggers dropped by `single` mode or a full queue, per rule.
    public func droppedTriggers(rule: Int) -> Int { rules[rule].dropped }

    // MARK: Indexes

    func buildIndexes() {
        varReadSlots = program.variables.map { $0.expression.dependencies.signals(windows: program.windows).sorted() }
        for (r, rule) in program.rules.enumerated() {
            switch rule.trigger {
            case .level(let when, _, let until):
                var slots = when.dependencies.signals(windows: program.windows)
                if let until { slots.formUnion(until.dependencies.signals(windows: program.windows)) }
                for h in rule.holds { slots.formUnion(h.value.dependencies.signals(windows: program.windows)) }
                for slot in slots.sorted() { ruleReaders[slot].append(r) }
            case .event(let triggers, _):
                for t in triggers {
                    if case .signal(let slot, let edge) = t { eventRules[slot].append((r, edge)) }
                }
            }
        }
        for (i, w) in program.windows.enumerated() { windowsOf[w.slot].append(i) }
    }
}

extension Engine: EvaluationContext {
    public func value(_ slot: Int) -> Value { values[slot] }
    public func previous(_ slot: Int) -> Value { previousValues[slot] }
    public func lastUpdate(_ slot: Int) -> Int64? { updated[slot] }
    public func lastChange(_ slot: Int) -> Int64? { changed[slot] }

    public func isStale(_ slot: Int) -> Bool {
        guard let limit = program.signals[slot].staleLimit else { return false }
        return now - updated[slot] >= limit
    }

    /// Expiry timers keep every window current to `now` (they run before anything else at an instant).
    public func window(_ index: Int, _ function: WindowFunction) -> Value {
        windows[index].value(function)
    }

    public func local(_ index: Int) -> Value { localValue }

    public func utcOffset(at instant: Int64) -> Int { zone.offset(at: instant) }

    public func nextOffsetChange(after instant: Int64) -> Int64? { zone.nextTransition(after: instant) }
}
