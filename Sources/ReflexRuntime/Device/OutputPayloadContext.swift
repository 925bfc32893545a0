import ReflexCore

/// What an output's `payload:` template reads: the engine's signals, with the value being driven as `value`
/// (the template's only local, SPEC "Payloads").
struct OutputPayloadContext: EvaluationContext {
    let engine: Engine
    let driven: Value

    func value(_ slot: Int) -> Value { engine.value(slot) }
    func previous(_ slot: Int) -> Value { engine.previous(slot) }
    func lastUpdate(_ slot: Int) -> Int64? { engine.lastUpdate(slot) }
    func lastChange(_ slot: Int) -> Int64? { engine.lastChange(slot) }
    func isStale(_ slot: Int) -> Bool { engine.isStale(slot) }
    func window(_ index: Int, _ function: WindowFunction) -> Value { engine.window(index, function) }
    func local(_ index: Int) -> Value { driven }
    var now: Int64 { engine.now }
    func utcOffset(at instant: Int64) -> Int { engine.utcOffset(at: instant) }
    func nextOffsetChange(after instant: Int64) -> Int64? { engine.nextOffsetChange(after: instant) }
}
