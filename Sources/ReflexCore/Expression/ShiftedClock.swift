/// A context that reads like another one, but at a later instant, as if nothing but time had passed.
struct ShiftedClock<Base: EvaluationContext>: EvaluationContext {
    let base: Base
    var now: Int64

    func value(_ slot: Int) -> Value { base.value(slot) }
    func previous(_ slot: Int) -> Value { base.previous(slot) }
    func lastUpdate(_ slot: Int) -> Int64? { base.lastUpdate(slot) }
    func lastChange(_ slot: Int) -> Int64? { base.lastChange(slot) }
    func isStale(_ slot: Int) -> Bool { base.isStale(slot) }
    func window(_ index: Int, _ function: WindowFunction) -> Value { base.window(index, function) }
    func local(_ index: Int) -> Value { base.local(index) }
    func utcOffset(at instant: Int64) -> Int { base.utcOffset(at: instant) }
    func nextOffsetChange(after instant: Int64) -> Int64? { base.nextOffsetChange(after: instant) }
}
