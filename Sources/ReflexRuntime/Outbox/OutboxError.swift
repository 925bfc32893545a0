/// Why the outbox could not take or update a notification.
package enum OutboxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The notifier's share of the disk is used up (`OutboxLimits`): the notification was refused, not stored,
    /// and counted in `Outbox.refusedCount`.
    case full(notifier: String, pending: Int, bytes: Int)
    /// The database failed (disk full, I/O error, a corrupt file).
    case database(SQLiteError)

    package var description: String {
        switch self {
        case .full(let notifier, let pending, let bytes):
            "outbox full for notifier '\(notifier)' (\(pending) undelivered, \(bytes) bytes): notification refused"
        case .database(let error): "outbox database: \(error)"
        }
    }
}
