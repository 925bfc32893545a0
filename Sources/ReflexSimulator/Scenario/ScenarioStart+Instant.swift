import ReflexCore

extension ScenarioStart {
    /// Further from a wall-clock time than any offset reaches (TZif offsets stay under 26 hours).
    private static let reach: Int64 = 27 * 3_600_000

    /// The instant this start names: its own offset when it has one, else the first instant at which the wall
    /// clock of `zone` reads it — a time skipped by a change of offset starts at the end of the gap, a time
    /// read twice at its first reading, as `at HH:MM` fires (SPEC Precise semantics 9).
    public func instant(in zone: TimeZoneRules) -> Int64 {
        if let fixed = epochMilliseconds { return fixed }
        let wall = epochMilliseconds(offsetMinutes: 0)
        // Walk the zone's segments from before any reading of `wall`; the first whose clock reaches it wins.
        var from = wall - Self.reach
        for _ in 0..<10_000 {
            let candidate = wall - Int64(zone.offset(at: from)) * 1000
            guard let end = zone.nextTransition(after: from), end <= candidate else { return max(candidate, from) }
            from = end
        }
        return max(wall - Int64(zone.offset(at: from)) * 1000, from)
    }
}
