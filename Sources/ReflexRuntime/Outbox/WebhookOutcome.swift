/// How one webhook attempt ended, as the outbox acts on it.
package enum WebhookOutcome: Sendable, Equatable {
    /// A 2xx: delivered.
    case delivered(status: Int)
    /// Worth trying again: a 5xx, a 429 (with its Retry-After seconds, when given), a timeout or a connection
    /// error.
    case retry(reason: String, retryAfter: Int64?)
    /// Refused for good (another status, such as 400 or 404): a dead letter.
    case refused(reason: String)

    /// The outcome for an HTTP status with the Retry-After header's seconds (nil when absent).
    package static func of(status: Int, retryAfter: Int64?) -> WebhookOutcome {
        switch status {
        case 200..<300: .delivered(status: status)
        case 429: .retry(reason: "HTTP 429", retryAfter: retryAfter)
        case 500..<600: .retry(reason: "HTTP \(status)", retryAfter: nil)
        default: .refused(reason: "HTTP \(status)")
        }
    }
}
