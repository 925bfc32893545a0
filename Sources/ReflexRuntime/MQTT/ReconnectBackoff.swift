/// How long the MQTT driver waits before the next connection attempt: doubling from `initial` up to `maximum`,
/// each wait spread by ±`jitter` so that many devices cut off together do not come back together.
package struct ReconnectBackoff: Sendable {
    /// Milliseconds before the first retry.
    package let initial: Int64
    /// The longest wait, in milliseconds.
    package let maximum: Int64
    /// The spread as a fraction of the wait: 0.2 is ±20 %.
    package let jitter: Double
    private var upcoming: Int64

    package init(initial: Int64, maximum: Int64, jitter: Double) {
        precondition(initial > 0 && maximum >= initial && (0..<1).contains(jitter))
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
        upcoming = initial
    }

    /// 1 s doubling to 60 s, ±20 %.
    package static let standard = ReconnectBackoff(initial: 1000, maximum: 60_000, jitter: 0.2)

    /// The wait before the next attempt; the wait after it doubles (up to `maximum`).
    package mutating func nextDelay(using generator: inout some RandomNumberGenerator) -> Int64 {
        let base = upcoming
        upcoming = min(upcoming * 2, maximum)
        let spread = Double.random(in: (1 - jitter)...(1 + jitter), using: &generator)
        return max(1, Int64((Double(base) * spread).rounded()))
    }

    /// Back to `initial`, after a connection succeeded.
    package mutating func reset() {
        upcoming = initial
    }
}
