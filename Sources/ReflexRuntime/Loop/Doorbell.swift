import CReflexShims
import Glibc

/// The loop's eventfd, rung by worker threads to wake it; shared by reference with every inbox.
///
/// Sendable because the descriptor is immutable and the kernel makes eventfd writes and reads atomic. Shared
/// ownership is the point: the descriptor is closed only when the last inbox and the loop have let go, so a worker
/// posting late never writes to a closed descriptor, or to one whose number was reused.
final class Doorbell: Sendable {
    let descriptor: Int32

    init() throws(SystemError) {
        descriptor = try SystemCall.check("eventfd") { eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) }
    }

    deinit { SystemCall.close(descriptor) }

    /// Wakes the loop. Rings coalesce: the loop sees at least one wake-up after the last ring.
    func ring() {
        var one: UInt64 = 1
        // EAGAIN only when the counter is saturated, which still wakes the loop; nothing else can fail here.
        _ = try? SystemCall.checkNonBlocking("write(eventfd)") {
            write(descriptor, &one, MemoryLayout<UInt64>.size)
        }
    }

    /// Resets the counter (on the loop thread, before delivering what was posted).
    func clear() throws(SystemError) {
        var count: UInt64 = 0
        _ = try SystemCall.checkNonBlocking("read(eventfd)") { read(descriptor, &count, MemoryLayout<UInt64>.size) }
    }
}
