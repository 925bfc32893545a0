/// A stretch of a step series over which one value holds, clipped to the run.
struct StepRun<Value: Sendable & Equatable> {
    var from: Int64
    var to: Int64
    var value: Value?

    /// The stretches of `points` within `start...end`, equal neighbours merged; before the first point there is no
    /// value. Points out of time order count from the latest instant seen.
    static func runs(_ points: [Timeline.Point<Value>], start: Int64, end: Int64) -> [StepRun] {
        var runs: [StepRun] = []
        var current = StepRun(from: start, to: start, value: nil)
        var latest = Int64.min
        for point in points {
            latest = max(latest, point.t)
            if latest > end { break }
            if latest <= start {
                current.value = point.value
                continue
            }
            if point.value == current.value { continue }
            current.to = latest
            runs.append(current)
            current = StepRun(from: latest, to: latest, value: point.value)
        }
        current.to = max(end, current.from)
        runs.append(current)
        return runs
    }
}
