/// A deadline on the loop's monotonic clock with the action to run when it arrives; armed and re-armed by its owner.
///
/// All timers share the loop's one timerfd, armed absolutely (TFD_TIMER_ABSTIME) at the earliest armed deadline.
/// Timers due at the same instant fire in the order they were armed. An armed timer is kept by the loop until it
/// fires or is disarmed; a timer must not outlive its loop. Loop-bound: use it on the loop's thread only.
package final class LoopTimer {
    unowned let loop: EventLoop
    let action: () -> Void
    /// Milliseconds on the monotonic clock when armed; nil when not.
    package internal(set) var deadline: Int64?
    /// Arming order, the tie-break between equal deadlines.
    var sequence: UInt64 = 0

    init(loop: EventLoop, action: @escaping () -> Void) {
        self.loop = loop
        self.action = action
    }

    /// Arms (or moves) the timer to fire at `deadline`, milliseconds on `DeviceClock.monotonicMilliseconds()`.
    /// A deadline already past fires on the loop's next turn.
    package func arm(at deadline: Int64) {
        loop.arm(self, at: deadline)
    }

    /// Arms the timer `delay` milliseconds from now.
    package func arm(after delay: Int64) {
        loop.arm(self, at: loop.clock.monotonicMilliseconds() + delay)
    }

    /// Disarms the timer; nothing happens when it is not armed.
    package func disarm() {
        loop.disarm(self)
    }

    package var isArmed: Bool { deadline != nil }
}
