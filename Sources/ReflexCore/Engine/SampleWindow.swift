/// The samples (or events) of one signal within a window of time, for `avg min max delta rate count`.
///
/// At instant t the window holds what was updated in (t - width, t]: a sample leaves exactly at its update
/// time + width (SPEC "Expressions"). `nextExpiry` is that instant for the oldest sample, so the engine can
/// re-evaluate exactly then. The mean is kept as a compensated running sum; minimum and maximum as monotonic
/// queues, so every query is O(1).
struct SampleWindow {
    private struct Sample {
        var time: Int64
        var value: Double
        var sequence: UInt64
    }

    let width: Int64
    private var samples = RingBuffer<Sample>()
    private var minima = RingBuffer<Sample>()
    private var maxima = RingBuffer<Sample>()
    private var sum = 0.0
    private var compensation = 0.0
    private var sequence: UInt64 = 0

    init(width: Int64) {
        self.width = width
    }

    var count: Int { samples.count }

    /// When the oldest sample leaves the window.
    var nextExpiry: Int64? { samples.first.map { $0.time + width } }

    /// A new sample at `t` (an event is a sample of 1).
    mutating func add(_ value: Double, at t: Int64) {
        expire(at: t)
        sequence &+= 1
        let sample = Sample(time: t, value: value, sequence: sequence)
        samples.append(sample)
        accumulate(value)
        while let back = minima.last, back.value >= value { minima.removeLast() }
        minima.append(sample)
        while let back = maxima.last, back.value <= value { maxima.removeLast() }
        maxima.append(sample)
    }

    /// Drops the samples that have left the window at `t` (update time + width ≤ t).
    mutating func expire(at t: Int64) {
        while let oldest = samples.first, oldest.time + width <= t {
            samples.removeFirst()
            accumulate(-oldest.value)
            if minima.first?.sequence == oldest.sequence { minima.removeFirst() }
            if maxima.first?.sequence == oldest.sequence { maxima.removeFirst() }
        }
        if samples.isEmpty {
            sum = 0
            compensation = 0
        }
    }

    /// The window function over the samples held now; `none` for an empty window (and `rate` with fewer
    /// than two samples or no time between them).
    func value(_ function: WindowFunction) -> Value {
        if function == .count { return .number(Double(samples.count)) }
        guard let oldest = samples.first, let newest = samples.last else { return .none }
        switch function {
        case .average: return .number((sum + compensation) / Double(samples.count))
        case .minimum: return .number(minima.first!.value)
        case .maximum: return .number(maxima.first!.value)
        case .delta: return .number(newest.value - oldest.value)
        case .rate:
            let seconds = Double(newest.time - oldest.time) / 1000
            return samples.count < 2 || seconds <= 0 ? .none : .number((newest.value - oldest.value) / seconds)
        case .count: return .number(Double(samples.count))
        }
    }

    /// Neumaier's compensated summation: the mean stays exact enough over a day of samples.
    private mutating func accumulate(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }
}
