/// One notification as the outbox keeps it: what was rendered, the JSON body sent, and where its delivery is.
package struct OutboxEntry: Sendable, Equatable {
    /// Where a notification's delivery stands.
    package enum State: String, Sendable {
        /// Waiting for its turn or for `nextAttempt`.
        case pending
        /// Handed to the transport; an answer (PUBACK, HTTP status) is awaited.
        case inFlight = "in_flight"
        /// Set aside: refused by the endpoint (an HTTP 4xx other than 429), with the reason in `reason`.
        case deadLetter = "dead"
    }

    /// The idempotency key: 128 random bits in hex, made once when the notification is added and sent on every
    /// attempt (SPEC "Payloads").
    package var id: String
    /// The notifier's name in the rule set.
    package var notifier: String
    package var rule: String
    package var site: String
    /// ISO 8601 with the offset, as the engine renders `now`.
    package var time: String
    package var message: String
    /// The fields as a JSON object, in the order the rule lists them.
    package var fields: String
    /// The JSON object SPEC "Payloads" gives: what an MQTT notifier publishes and a webhook POSTs.
    package var body: String
    /// Delivery attempts started so far.
    package var attempts: Int
    /// Wall-clock milliseconds before which it is not tried again.
    package var nextAttempt: Int64
    package var state: State
    /// Why it was last retried or set aside.
    package var reason: String?
}
