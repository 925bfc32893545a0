import Synchronization

/// A mailbox from worker threads to the loop: `post` from any thread, the handler runs on the loop's thread.
///
/// This is how work that must block (an HTTP request, a disk flush) reports back without sharing loop-bound
/// state (DESIGN, house rule 2): the worker posts a Sendable result and rings the loop's eventfd. Messages are
/// delivered in the order posted.
package final class LoopInbox<Message: Sendable>: Sendable {
    private let pending = Mutex<[Message]>([])
    private let doorbell: Doorbell

    init(doorbell: Doorbell) {
        self.doorbell = doorbell
    }

    /// Hands `message` to the loop; safe from any thread, never blocks on the loop.
    package func post(_ message: Message) {
        pending.withLock { $0.append(message) }
        doorbell.ring()
    }

    /// Swaps what was posted into `batch` (empty on entry), so neither side allocates in steady state.
    func take(into batch: inout [Message]) {
        pending.withLock { swap(&$0, &batch) }
    }
}
