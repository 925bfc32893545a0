/// A time zone's offsets from UTC over all time: a table of past changes, then a POSIX rule for the future.
///
/// Instants are milliseconds since the Unix epoch; offsets are seconds east of UTC. Built from TZif data
/// (`init(tzif:name:)`), a POSIX TZ string (`init(posixRule:name:)`), or `utc`. Immutable and cheap to copy.
///
/// What the engine schedules, so that time-of-day expressions change at their exact instants:
/// - `at HH:MM`: `nextOccurrence(ofTimeOfDay:after:)` of the last firing (skipped: end of the gap; repeated:
///   the first reading only).
/// - `time_between(a, b)`: the earlier of `nextBoundary(ofTimeOfDay: a, ...)` and `(ofTimeOfDay: b, ...)`;
///   it may change there and nowhere else (it may also stay the same there; evaluate, then ask again).
/// - `hour`, `minute`, `weekday`: the earlier of the next local unit boundary at the current offset
///   (`now + unit - local mod unit`) and `nextTransition(after: now)`.
/// `offset(at:)` answers `EvaluationContext.utcOffset(at:)`.
public struct TimeZoneRules: Sendable, Hashable {
    /// The zone's name, such as `Europe/Berlin`.
    public let name: String
    /// Instants (seconds) at which the offset changes, ascending, all before `tailStart`.
    let changes: [Int64]
    /// The offset from `changes[i]` on.
    let offsets: [Int32]
    /// The offset before the first change (and before `tailStart` when there is none).
    let initialOffset: Int32
    /// From this instant (seconds) on, `tail` decides the offset.
    let tailStart: Int64
    let tail: PosixTimeZone

    init(name: String, changes: [Int64], offsets: [Int32], initialOffset: Int32, tailStart: Int64, tail: PosixTimeZone)
    {
        self.name = name
        self.changes = changes
        self.offsets = offsets
        self.initialOffset = initialOffset
        self.tailStart = tailStart
        self.tail = tail
    }

    /// Coordinated Universal Time: offset 0, no changes.
    public static let utc = TimeZoneRules(
        name: "UTC", changes: [], offsets: [], initialOffset: 0, tailStart: .min,
        tail: PosixTimeZone(standardOffset: 0, daylight: nil))

    /// A zone given only by a POSIX TZ string such as `CET-1CEST,M3.5.0,M10.5.0/3`, for all time.
    public init(posixRule: String, name: String) throws {
        let tail = try PosixTimeZone(parsing: posixRule)
        self.init(
            name: name, changes: [], offsets: [], initialOffset: tail.standardOffset, tailStart: .min, tail: tail)
    }

    /// The offset from UTC at `instant`, in seconds east.
    public func offset(at instant: Int64) -> Int {
        Int(offset(atSecond: CivilTime.floorDivide(instant, 1000)))
    }

    func offset(atSecond second: Int64) -> Int32 {
        if second >= tailStart { return tail.offset(atSecond: second) }
        let low = changesUpTo(second)
        return low == 0 ? initialOffset : offsets[low - 1]
    }

    /// How many table changes happen at or before `second` (binary search).
    private func changesUpTo(_ second: Int64) -> Int {
        var low = 0
        var high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle] <= second { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first instant after `instant` at which the offset changes; nil when it never does again.
    public func nextTransition(after instant: Int64) -> Int64? {
        guard let second = nextChange(afterSecond: CivilTime.floorDivide(instant, 1000)) else { return nil }
        let (milliseconds, overflow) = second.multipliedReportingOverflow(by: 1000)
        return overflow ? nil : milliseconds
    }

    func nextChange(afterSecond second: Int64) -> Int64? {
        if second < tailStart {
            let low = changesUpTo(second)
            if low < changes.count { return changes[low] }
            let before = changes.isEmpty ? initialOffset : offsets[offsets.count - 1]
            if tail.offset(atSecond: tailStart) != before { return tailStart }
            return tail.nextChange(afterSecond: tailStart)
        }
        return tail.nextChange(afterSecond: second)
    }

    /// The local date and time at `instant`.
    public func local(at instant: Int64) -> LocalTime {
        let offset = offset(at: instant)
        return LocalTime(local: CivilTime.local(instant, utcOffset: offset), utcOffset: offset)
    }
}
