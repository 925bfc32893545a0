/// The context for evaluating, at compile time, code that reads nothing: every read gives none.
struct ConstantContext: EvaluationContext {
    func value(_ slot: Int) -> Value { .none }
    func previous(_ slot: Int) -> Value { .none }
    func lastUpdate(_ slot: Int) -> Int64? { nil }
    func lastChange(_ slot: Int) -> Int64? { nil }
    func isStale(_ slot: Int) -> Bool { false }
    func window(_ index: Int, _ function: WindowFunction) -> Value { .none }
    func local(_ index: Int) -> Value { .none }
    var now: Int64 { 0 }
    func utcOffset(at instant: Int64) -> Int { 0 }
    func nextOffsetChange(after instant: Int64) -> Int64? { nil }
}
