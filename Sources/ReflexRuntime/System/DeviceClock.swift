import Glibc

/// The device's clocks, in milliseconds: the only place Reflex reads what time it is (DESIGN, house rule 1).
///
/// Deadlines are kept on the monotonic clock, which never jumps; the wall clock is for what people and the
/// persisted state read (SPEC §1 Restarts keeps clocks in wall time). The loop reports when the wall clock is set.
package struct DeviceClock: Sendable {
    package init() {}

    /// Milliseconds on CLOCK_MONOTONIC (since an arbitrary start, usually boot); the loop's deadlines use this.
    package func monotonicMilliseconds() -> Int64 {
        Self.read(CLOCK_MONOTONIC, "clock_gettime(CLOCK_MONOTONIC)") / 1_000_000
    }

    /// Nanoseconds on CLOCK_MONOTONIC, for measuring lateness finer than a millisecond.
    package func monotonicNanoseconds() -> Int64 {
        Self.read(CLOCK_MONOTONIC, "clock_gettime(CLOCK_MONOTONIC)")
    }

    /// Milliseconds since the Unix epoch on CLOCK_REALTIME.
    package func wallMilliseconds() -> Int64 {
        Self.read(CLOCK_REALTIME, "clock_gettime(CLOCK_REALTIME)") / 1_000_000
    }

    private static func read(_ clock: clockid_t, _ call: @autoclosure () -> String) -> Int64 {
        var now = timespec()
        // Cannot fail for these two clocks and a valid pointer (EINVAL / EFAULT are the only errors).
        try! SystemCall.check(call()) { clock_gettime(clock, &now) }
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
