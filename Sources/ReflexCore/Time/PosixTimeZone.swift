/// A POSIX TZ rule (`CET-1CEST,M3.5.0,M10.5.0/3`): a standard offset and an optional yearly daylight-saving rule.
///
/// Offsets are seconds east of UTC (the string itself counts west). Instants here are seconds since the epoch.
struct PosixTimeZone: Sendable, Hashable {
    /// Daylight-saving time: its offset and the yearly changes into and out of it.
    struct Daylight: Sendable, Hashable {
        var offset: Int32
        /// Into daylight time, read in standard time.
        var start: PosixTransitionRule
        /// Back to standard time, read in daylight time.
        var end: PosixTransitionRule
    }

    var standardOffset: Int32
    var daylight: Daylight?

    /// A year's change `index` (0 = into daylight time, 1 = out of it): its instant and the offset after it.
    private func change(_ index: Int, year: Int64, _ daylight: Daylight) -> (at: Int64, offset: Int32) {
        index == 0
            ? (daylight.start.localSeconds(in: year) - Int64(standardOffset), daylight.offset)
            : (daylight.end.localSeconds(in: year) - Int64(daylight.offset), standardOffset)
    }

    /// Beyond ±2^55 seconds (a billion years) the offset is taken as at the limit, so that calendar
    /// arithmetic on any instant stays far from overflowing.
    private static let limit: Int64 = 1 << 55

    private static func year(ofSecond second: Int64) -> Int64 {
        CivilTime.date(days: CivilTime.floorDivide(second, 86_400)).year
    }

    /// The offset at `second`: that of the latest change at or before it. Changes are taken in year order and,
    /// within a year, start before end, so that an end and the next start at one instant (daylight time all
    /// year, `0/0,J365/25`) leave daylight time in effect.
    func offset(atSecond second: Int64) -> Int32 {
        guard let daylight else { return standardOffset }
        let second = min(max(second, -Self.limit), Self.limit)
        let year = Self.year(ofSecond: second)
        var best: (at: Int64, offset: Int32)?
        for y in (year - 1)...(year + 1) {
            for index in 0..<2 {
                let candidate = change(index, year: y, daylight)
                if candidate.at <= second, best.map({ candidate.at >= $0.at }) ?? true { best = candidate }
            }
        }
        return best?.offset ?? standardOffset
    }

    /// The first instant after `second` at which the offset changes; nil when it never does.
    func nextChange(afterSecond second: Int64) -> Int64? {
        guard let daylight, daylight.offset != standardOffset, second < Self.limit else { return nil }
        let second = max(second, -Self.limit)
        let year = Self.year(ofSecond: second)
        var instants: [Int64] = []
        for y in (year - 1)...(year + 9) {
            for index in 0..<2 {
                let at = change(index, year: y, daylight).at
                if at > second { instants.append(at) }
            }
        }
        instants.sort()
        for at in instants where offset(atSecond: at) != offset(atSecond: at - 1) { return at }
        return nil
    }
}
