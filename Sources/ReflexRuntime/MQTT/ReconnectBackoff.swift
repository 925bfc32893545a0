/// The MQTT driver's waits between connection attempts: a `Backoff` and how many attempts failed in a row.
package struct ReconnectBackoff: Sendable {
    package let policy: Backoff
    private var attempts = 0

    package init(_ policy: Backoff) {
        self.policy = policy
    }

    package init(initial: Int64, maximum: Int64, jitter: Double) {
        self.init(Backoff(initial: initial, maximum: maximum, jitter: jitter))
    }

    /// 1 s doubling to 60 s, ±20 %.
    package static let standard = ReconnectBackoff(.reconnect)

    /// The wait before the next attempt; the wait after it doubles (up to the policy's maximum).
    package mutating func nextDelay(using generator: inout some RandomNumberGenerator) -> Int64 {
        attempts += 1
        return policy.delay(afterAttempts: attempts, using: &generator)
    }

    /// Back to the first wait, after a connection succeeded.
    package mutating func reset() {
        attempts = 0
    }
}
