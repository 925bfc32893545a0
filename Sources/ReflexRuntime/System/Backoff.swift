/// How long to wait before trying again (a notification, a connection): doubling from `initial` to `maximum`
/// with the attempts made, each wait spread by ±`jitter` so that devices cut off together do not all come back
/// at once.
package struct Backoff: Sendable, Equatable {
    /// Milliseconds after the first failed attempt.
    package var initial: Int64
    /// The longest wait, milliseconds.
    package var maximum: Int64
    /// The spread as a fraction of the wait: 0.2 is ±20 %.
    package var jitter: Double

    package init(initial: Int64, maximum: Int64, jitter: Double) {
        precondition(initial > 0 && maximum >= initial && (0..<1).contains(jitter))
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
    }

    /// Notifications: 1 s doubling to 5 minutes, ±20 %.
    package static let notifications = Backoff(initial: 1000, maximum: 300_000, jitter: 0.2)

    /// Connections to the broker: 1 s doubling to 60 s, ±20 %.
    package static let reconnect = Backoff(initial: 1000, maximum: 60_000, jitter: 0.2)

    /// The wait after `attempts` failed attempts (1 or more).
    package func delay(afterAttempts attempts: Int, using generator: inout some RandomNumberGenerator) -> Int64 {
        var base = initial
        for _ in 1..<max(attempts, 1) where base < maximum { base *= 2 }
        base = min(base, maximum)
        let spread = jitter == 0 ? 1 : Double.random(in: (1 - jitter)...(1 + jitter), using: &generator)
        return max(1, Int64((Double(base) * spread).rounded()))
    }
}
