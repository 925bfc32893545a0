/// What an expression reads while it is evaluated: signal values and times, windows, locals and the clock.
///
/// Contract: slots, window indices and local indices are those given to the compiler (`SignalInfo.slot`,
/// `WindowTable`, the `locals` array); the methods are called only with such values. `value` and `previous`
/// return `.none` when there is no value yet, and otherwise a value of the signal's declared type.
/// `lastUpdate`/`lastChange` are instants in milliseconds since the Unix epoch, nil when never. `window`
/// returns what `WindowFunction` documents. `now` is the instant being evaluated, in milliseconds since
/// the epoch; `utcOffset(at:)` is the local time zone's offset from UTC at an instant, in seconds (east
/// positive). Implementations should not allocate, so that evaluation does not.
public protocol EvaluationContext {
    func value(_ slot: Int) -> Value
    func previous(_ slot: Int) -> Value
    func lastUpdate(_ slot: Int) -> Int64?
    func lastChange(_ slot: Int) -> Int64?
    func isStale(_ slot: Int) -> Bool
    func window(_ index: Int, _ function: WindowFunction) -> Value
    func local(_ index: Int) -> Value
    var now: Int64 { get }
    func utcOffset(at instant: Int64) -> Int
    /// The first instant after `instant` at which `utcOffset` changes, if it ever does (the zone's next
    /// transition), so that time-of-day answers are exact across offset changes.
    func nextOffsetChange(after instant: Int64) -> Int64?
}
