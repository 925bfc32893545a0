import Glibc

/// Elapsed time for people reading a report; the simulation itself never reads a clock.
enum WallClock {
    /// Milliseconds on the monotonic clock.
    static func milliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
