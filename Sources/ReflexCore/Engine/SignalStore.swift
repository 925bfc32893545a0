/// What expressions read while the engine runs: every signal's value, previous value and times by slot, the
/// time windows, the clock and the zone. A value of its own inside the engine, so that evaluating against it
/// while the engine changes its other parts is checked at compile time, not at run time.
struct SignalStore: EvaluationContext {
    var now: Int64
    let zone: TimeZoneRules
    var values: [Value]
    var previousValues: [Value]
    var updated: [Int64]
    var changed: [Int64]
    /// Per slot, the `stale` limit.
    let staleLimits: [Int64?]
    var windows: [SampleWindow]

    init(program: Program, start: Int64, zone: TimeZoneRules) {
        let n = program.signals.count
        now = start
        self.zone = zone
        values = program.signals.map(\.initial)
        previousValues = Array(repeating: .none, count: n)
        updated = Array(repeating: start, count: n)
        changed = Array(repeating: start, count: n)
        staleLimits = program.signals.map(\.staleLimit)
        windows = program.windows.map { SampleWindow(width: $0.width) }
    }

    /// Stores a new value of a signal now and says what happened: always an update; a change (and a rise
    /// from anything but true, a fall from true) when it differs.
    mutating func apply(_ slot: Int, _ value: Value) -> Engine.Events {
        var e: Engine.Events = .update
        let old = values[slot]
        if old != value {
            previousValues[slot] = old
            values[slot] = value
            changed[slot] = now
            e.insert(.change)
            if value == .bool(true) { e.insert(.rise) }
            if value == .bool(false), old == .bool(true) { e.insert(.fall) }
        }
        updated[slot] = now
        return e
    }

    func value(_ slot: Int) -> Value { values[slot] }
    func previous(_ slot: Int) -> Value { previousValues[slot] }
    func lastUpdate(_ slot: Int) -> Int64? { updated[slot] }
    func lastChange(_ slot: Int) -> Int64? { changed[slot] }

    func isStale(_ slot: Int) -> Bool {
        guard let limit = staleLimits[slot] else { return false }
        return now - updated[slot] >= limit
    }

    /// Expiry timers keep every window current to `now` (they run before anything else at an instant).
    func window(_ index: Int, _ function: WindowFunction) -> Value {
        windows[index].value(function)
    }

    func local(_ index: Int) -> Value { .none }

    func utcOffset(at instant: Int64) -> Int { zone.offset(at: instant) }

    func nextOffsetChange(after instant: Int64) -> Int64? { zone.nextTransition(after: instant) }
}
