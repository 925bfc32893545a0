import ReflexCore

/// The horizontal scale: instants to x positions, and wall clock ticks chosen by the span shown.
struct TimeAxis {
    /// A tick: its instant, its wall clock label, and the date when it differs from the previous one shown.
    struct Tick {
        var t: Int64
        var label: String
        var date: String?
    }

    /// The instants shown: the run, widened around its middle to at least `minimumSpan`.
    let lower: Int64
    let upper: Int64
    let left: Double
    let right: Double

    static let minimumSpan: Int64 = 10_000
    static let steps: [Int64] = [
        1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
        3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
    ]

    init(start: Int64, end: Int64, left: Double, right: Double) {
        let end = max(start, end)
        let (span, overflow) = end.subtractingReportingOverflow(start)
        if !overflow, span < Self.minimumSpan {
            let widen = Self.minimumSpan - span
            lower = start &- widen / 2
            upper = end &+ (widen - widen / 2)
        } else {
            lower = start
            upper = end
        }
        self.left = left
        self.right = right
    }

    /// The x position of `t`, clamped to the axis.
    func x(_ t: Int64) -> Double {
        let t = min(max(t, lower), upper)
        let span = Double(upper) - Double(lower)
        guard span > 0 else { return left }
        return left + (Double(t) - Double(lower)) / span * (right - left)
    }

    /// Ticks at round wall clock times, at most one per `spacing` pixels; the first date is in the subtitle.
    func ticks(spacing: Double, offset: (Int64) -> Int, startDate: String) -> [Tick] {
        let span = Double(upper) - Double(lower)
        let most = max(2, (right - left) / spacing)
        var step = Self.steps.first { Double($0) * most >= span } ?? 0
        if step == 0 {
            let days = (span / most / 86_400_000).rounded(.up)
            guard days < 1e6 else { return [] }
            step = Int64(days) * 86_400_000
        }
        let shift = Int64(offset(lower)) * 1000
        let (localLower, overflow) = lower.addingReportingOverflow(shift)
        guard !overflow else { return [] }
        var local = localLower / step * step
        if local < localLower { local += step }
        var ticks: [Tick] = []
        var lastDate = startDate
        while true {
            let (t, o) = local.subtractingReportingOverflow(shift)
            if o || t > upper { break }
            let stamp = ValueText.instant(t, utcOffset: offset(t))
            let (date, clock) = Self.split(stamp)
            let label = step % 60_000 == 0 ? String(clock.prefix(5)) : String(clock.prefix(8))
            ticks.append(Tick(t: t, label: label, date: date == lastDate ? nil : date))
            lastDate = date
            let (next, o2) = local.addingReportingOverflow(step)
            if o2 { break }
            local = next
        }
        return ticks
    }

    /// The date and the time of day of an ISO 8601 stamp such as `2026-07-01T14:00:00+02:00`.
    static func split(_ stamp: String) -> (date: String, clock: Substring) {
        guard let tee = stamp.firstIndex(of: "T") else { return (stamp, "") }
        return (String(stamp[..<tee]), stamp[stamp.index(after: tee)...])
    }
}
