extension TimeZoneRules {
    /// Instants beyond ±2^62 ms (about 146 million years) are outside the calendar these queries walk.
    private static let horizon: Int64 = 1 << 62
    /// Further from a wall-clock time than any offset reaches (TZif offsets stay under 26 hours).
    private static let reach: Int64 = 27 * 3_600_000
    /// A bound on the segments a query walks, reached only by data with absurdly many changes in a day.
    private static let maximumSteps = 10_000

    /// The next instant strictly after `instant` at which the daily local time of day `timeOfDay` (milliseconds
    /// since local midnight, taken modulo one day) occurs, as `at HH:MM` fires (SPEC, Precise semantics 9):
    /// a time skipped by a change of offset fires at the end of the gap, the first instant after it; a time
    /// repeated by a change fires once, at its first occurrence. `Int64.max` when beyond the horizon.
    public func nextOccurrence(ofTimeOfDay timeOfDay: Int64, after instant: Int64) -> Int64 {
        guard instant < Self.horizon else { return .max }
        let instant = max(instant, -Self.horizon)
        let day = CivilTime.millisecondsPerDay
        let time = CivilTime.floorModulo(timeOfDay, day)
        // Wall times map to firing instants monotonically, so try the local days from the one before on.
        var date = CivilTime.floorDivide(CivilTime.local(instant, utcOffset: offset(at: instant)), day) - 1
        while true {
            let firing = firstInstant(ofWallTime: date * day + time)
            if firing > instant { return firing }
            date += 1
        }
    }

    /// The first instant at which the wall clock reads `wall` (local milliseconds) or later: its first
    /// reading, or, when a change of offset skips it, the end of that gap.
    private func firstInstant(ofWallTime wall: Int64) -> Int64 {
        var start = wall - Self.reach
        var candidate = start
        for _ in 0..<Self.maximumSteps {
            candidate = wall - Int64(offset(at: start)) * 1000
            let end = nextTransition(after: start) ?? .max
            // Segments before this one ended before their clocks reached `wall`.
            if candidate < end { return max(candidate, start) }
            start = end
        }
        return max(candidate, start)
    }

    /// The next instant strictly after `instant` at which whether the local time of day is before
    /// `timeOfDay` can change: every instant the wall clock reads `timeOfDay` (both readings of a repeated
    /// time), and every change of offset whose jump of the wall clock passes over or onto it.
    ///
    /// `time_between(a, b)` can change value only at `nextBoundary` of `a` or of `b`, so the engine schedules
    /// the earlier of the two (and asks again then). `Int64.max` when beyond the horizon.
    public func nextBoundary(ofTimeOfDay timeOfDay: Int64, after instant: Int64) -> Int64 {
        guard instant < Self.horizon else { return .max }
        let instant = max(instant, -Self.horizon)
        let day = CivilTime.millisecondsPerDay
        let time = CivilTime.floorModulo(timeOfDay, day)
        var start = instant + 1
        var previousOffset = Int64(offset(at: instant)) * 1000
        for _ in 0..<Self.maximumSteps {
            let offset = Int64(offset(at: start)) * 1000
            if offset != previousOffset {
                // The wall clock jumps between these two readings at `start`.
                let low = start + min(offset, previousOffset)
                let high = start + max(offset, previousOffset)
                if low + CivilTime.floorModulo(time - low, day) <= high { return start }
            }
            let reading = start + CivilTime.floorModulo(time - (start + offset), day)
            let end = nextTransition(after: start) ?? .max
            if reading < end { return reading }
            start = end
            previousOffset = offset
        }
        return start
    }
}
