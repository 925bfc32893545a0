import Benchmark
import ReflexCore

/// The engine's timer heap with 100,000 timers pending: the cost of scheduling and of cancelling one, and
/// allocations per operation once the heap has its working size. Baseline in the same run: inserting the
/// same deadlines into a sorted array (binary search + insert), the simplest correct alternative.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        warmupIterations: 1,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 50
    )

    /// 100,000 deadlines spread over a day, deterministic.
    let deadlines: [Int64] = {
        var state: UInt64 = 1
        return (0..<100_000).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64(state >> 38) % 86_400_000
        }
    }()

    Benchmark("Scheduler: schedule + cancel with 100,000 pending (per 1,000 pairs)") { benchmark in
        var scheduler = Scheduler<Int>(capacity: 101_000)
        for (i, d) in deadlines.enumerated() { scheduler.schedule(at: d, i) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let h = scheduler.schedule(at: 43_200_000, 0)
            blackHole(scheduler.cancel(h))
        }
        benchmark.stopMeasurement()
    }

    Benchmark("Scheduler: pop due with 100,000 pending, rescheduled (per 1,000)") { benchmark in
        var scheduler = Scheduler<Int>(capacity: 101_000)
        for (i, d) in deadlines.enumerated() { scheduler.schedule(at: d, i) }
        var now: Int64 = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            now = scheduler.nextDeadline ?? now
            if let due = scheduler.popDue(at: now) {
                scheduler.schedule(at: due.deadline + 86_400_000, due.payload)
            }
        }
        benchmark.stopMeasurement()
    }

    engineBenchmarks()
    engineDayBenchmark()

    Benchmark("Baseline: sorted array insert + remove with 100,000 pending (per 1,000 pairs)") { benchmark in
        var sorted = deadlines.sorted()
        sorted.reserveCapacity(101_000)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let d: Int64 = 43_200_000
            var lo = 0
            var hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid] <= d { lo = mid + 1 } else { hi = mid }
            }
            sorted.insert(d, at: lo)
            blackHole(sorted.remove(at: lo))
        }
        benchmark.stopMeasurement()
    }
}
