/// How much disk one notifier may hold in the outbox, so an endpoint that is down for weeks cannot fill the card.
///
/// Policy: undelivered notifications (pending and in flight) are bounded per notifier by count and by body bytes.
/// When either bound is reached, the oldest are kept (they are next in line, and order per notifier is kept) and
/// the new one is refused: `Outbox.add` throws `OutboxError.full` and the refusal is counted, persistently, in
/// `Outbox.refusedCount`, for the runtime to log loudly. Nothing already accepted is ever dropped to make room.
/// Dead letters are bounded separately: the newest `deadLetters` per notifier are kept for inspection, older
/// ones are deleted and counted in `Outbox.droppedDeadLetters` (they were already reported when set aside).
package struct OutboxLimits: Sendable, Equatable {
    /// Undelivered notifications per notifier.
    package var pending: Int
    /// Bytes of JSON body of the undelivered notifications, per notifier.
    package var bytes: Int
    /// Dead letters kept per notifier.
    package var deadLetters: Int

    package init(pending: Int, bytes: Int, deadLetters: Int) {
        precondition(pending > 0 && bytes > 0 && deadLetters >= 0)
        self.pending = pending
        self.bytes = bytes
        self.deadLetters = deadLetters
    }

    /// 10 000 notifications or 4 MiB of bodies per notifier, 100 dead letters: days of alerts at a busy rate,
    /// and a few megabytes of a card at worst.
    package static let standard = OutboxLimits(pending: 10_000, bytes: 4 << 20, deadLetters: 100)
}
