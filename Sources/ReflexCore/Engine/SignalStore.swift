/// What expressions read while the engine runs: every signal's value, previous value and times by slot, the
/// time windows, the clock and the zone. The engine owns it and changes it; expressions read it through a
/// `SignalView`.
struct SignalStore: ~Copyable {
    var now: Int64
    /// The zone, in a buffer of one so that a view can point at it.
    let zoneCell: FixedBuffer<TimeZoneRules>
    var values: FixedBuffer<Value>
    var previousValues: FixedBuffer<Value>
    var updated: FixedBuffer<Int64>
    var changed: FixedBuffer<Int64>
    /// Per slot, the `stale` limit.
    let staleLimits: FixedBuffer<Int64?>
    var windows: FixedBuffer<SampleWindow>

    init(program: Program, start: Int64, zone: TimeZoneRules) {
        let n = program.signals.count
        now = start
        zoneCell = FixedBuffer(repeating: zone, count: 1)
        values = FixedBuffer(program.signals.map(\.initial))
        previousValues = FixedBuffer(repeating: .none, count: n)
        updated = FixedBuffer(repeating: start, count: n)
        changed = FixedBuffer(repeating: start, count: n)
        staleLimits = FixedBuffer(program.signals.map(\.staleLimit))
        windows = FixedBuffer(program.windows.map { SampleWindow(width: $0.width) })
    }

    /// Stores a new value of a signal now and says what happened: always an update; a change (and a rise
    /// from anything but true, a fall from true) when it differs.
    mutating func apply(_ slot: Int, _ value: Value) -> Engine.Events {
        var e: Engine.Events = .update
        updated[slot] = now
        guard values[slot] != value else { return e }
        e.insert(.change)
        if case .bool(let b) = value {
            if b {
                e.insert(.rise)
            } else if case .bool(true) = values[slot] {
                e.insert(.fall)
            }
        }
        // The old value moves to `previousValues` and the new one takes its place, without copies.
        let old = (values.base + slot).move()
        (values.base + slot).initialize(to: value)
        previousValues[slot] = old
        changed[slot] = now
        return e
    }

    var zone: TimeZoneRules { zoneCell[0] }

    func isStale(_ slot: Int) -> Bool {
        guard let limit = staleLimits[slot] else { return false }
        return now - updated[slot] >= limit
    }

    /// The store as expressions read it now; valid while the store lives.
    var view: SignalView {
        SignalView(now: now, zone: zoneCell.base, values: values.buffer, previousValues: previousValues.buffer,
                   updated: updated.buffer, changed: changed.buffer, staleLimits: staleLimits.buffer,
                   windows: windows.buffer)
    }
}

/// A `SignalStore` as expressions read it: plain pointers into the store, so that handing it to the
/// evaluator copies a few words and counts no references.
struct SignalView: EvaluationContext {
    var now: Int64
    let zone: UnsafePointer<TimeZoneRules>
    let values: UnsafeBufferPointer<Value>
    let previousValues: UnsafeBufferPointer<Value>
    let updated: UnsafeBufferPointer<Int64>
    let changed: UnsafeBufferPointer<Int64>
    let staleLimits: UnsafeBufferPointer<Int64?>
    let windows: UnsafeBufferPointer<SampleWindow>

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

    func utcOffset(at instant: Int64) -> Int { zone.pointee.offset(at: instant) }

    func nextOffsetChange(after instant: Int64) -> Int64? { zone.pointee.nextTransition(after: instant) }
}
