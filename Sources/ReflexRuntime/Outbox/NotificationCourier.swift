import ReflexCore

/// Takes notifications into the outbox and carries them to their notifiers: publishes for MQTT notifiers,
/// webhook requests on worker threads for HTTP ones, retries with backoff, and dead letters.
///
/// Per notifier one notification is out at a time, the oldest (the outbox's head), so order is kept while one
/// is retrying. Results of webhook requests come back through a `LoopInbox`; retries wait on a `LoopTimer`.
/// Nothing here blocks the loop but the SQLite commits. Loop-bound.
package final class NotificationCourier {
    /// How a notifier delivers.
    package enum Route: Sendable, Equatable {
        /// Publish the body on `topic` with QoS 1; delivered on the broker's PUBACK.
        case mqtt(topic: String)
        case webhook(WebhookTarget)
    }

    /// What happened to a notification, for the runtime's log.
    package enum Report: Sendable, Equatable {
        case delivered(id: String, notifier: String)
        /// Tried and failed; tried again in `delay` milliseconds.
        case retrying(OutboxEntry, delay: Int64, reason: String)
        /// Refused by its endpoint and set aside.
        case deadLetter(OutboxEntry, reason: String)
        /// The outbox itself failed.
        case failed(OutboxError)
    }

    /// Hands a payload to the broker connection: `BrokerConnection.publish` with QoS 1.
    package typealias Publish = (_ topic: String, _ payload: [UInt8]) throws(BrokerError) -> MessageID?

    private struct Answer: Sendable {
        var entry: OutboxEntry
        var outcome: WebhookOutcome
    }

    /// The longest wait before a retry, milliseconds: a Retry-After beyond an hour is taken as an hour.
    static let longestWait: Int64 = 3_600_000

    package let outbox: Outbox
    private let routes: [(name: String, route: Route)]
    private let loop: EventLoop
    private let retry: Backoff
    private let publish: Publish?
    private let report: (Report) -> Void
    private var generator = SystemRandomNumberGenerator()
    /// Ids of the notifications out now, by notifier.
    private var out: [String: String] = [:]
    private var answers: LoopInbox<Answer>!
    private var retryTimer: LoopTimer!

    /// `routes` maps each notifier's name to how it delivers; `publish` is needed when any route is MQTT.
    package init(
        outbox: Outbox, routes: [String: Route], loop: EventLoop, retry: Backoff = .notifications,
        publish: Publish? = nil, report: @escaping (Report) -> Void
    ) {
        self.outbox = outbox
        self.routes = routes.sorted { $0.key < $1.key }.map { (name: $0.key, route: $0.value) }
        self.loop = loop
        self.retry = retry
        self.publish = publish
        self.report = report
        // Weak: a webhook thread can answer after the courier is gone (at shutdown), and the loop keeps the inbox.
        answers = loop.makeInbox(of: Answer.self) { [weak self] answer in self?.finish(answer.entry, answer.outcome) }
        retryTimer = loop.makeTimer { [weak self] in self?.pump() }
    }

    deinit { retryTimer.disarm() }

    /// Stores `notification` (it counts once this returns) and sends it when its notifier is free.
    @discardableResult
    package func notify(_ notification: Notification, notifier: String, time: Int64, utcOffset: Int)
        throws(OutboxError) -> OutboxEntry
    {
        let entry = try outbox.add(notification, notifier: notifier, time: time, utcOffset: utcOffset)
        pump()
        return entry
    }

    /// The broker acknowledged `messageID` (`BrokerEvent.delivered`).
    package func acknowledged(_ messageID: MessageID) {
        do throws(OutboxError) {
            guard let id = try outbox.acknowledged(messageID) else { return }
            guard let notifier = out.first(where: { $0.value == id })?.key else { return }
            out[notifier] = nil
            report(.delivered(id: id, notifier: notifier))
        } catch {
            report(.failed(error))
        }
        pump()
    }

    /// Sends what is due: each free notifier's head whose next attempt has come, then arms the retry timer for
    /// the earliest one still waiting.
    package func pump() {
        let now = loop.clock.wallMilliseconds()
        var earliest: Int64?
        for (name, route) in routes where out[name] == nil {
            do throws(OutboxError) {
                guard let head = try outbox.head(of: name) else { continue }
                // A wait longer than any the courier sets means the wall clock was set back since: go now.
                if head.nextAttempt > now && head.nextAttempt - now <= Self.longestWait {
                    earliest = min(earliest ?? .max, head.nextAttempt)
                    continue
                }
                try start(outbox.sending(head), route)
            } catch {
                report(.failed(error))
            }
        }
        if let earliest { retryTimer.arm(after: earliest - now) } else { retryTimer.disarm() }
    }

    private func start(_ entry: OutboxEntry, _ route: Route) throws(OutboxError) {
        out[entry.notifier] = entry.id
        switch route {
        case .webhook(let target):
            let answers = answers!
            WebhookSender.send(entry.body, id: entry.id, to: target) { outcome in
                answers.post(Answer(entry: entry, outcome: outcome))
            }
        case .mqtt(let topic):
            do throws(BrokerError) {
                guard let publish, let messageID = try publish(topic, Array(entry.body.utf8)) else {
                    finish(entry, .retry(reason: "the broker connection is stopped", retryAfter: nil))
                    return
                }
                outbox.sent(entry.id, as: messageID)
            } catch {
                finish(entry, .retry(reason: error.description, retryAfter: nil))
            }
        }
    }

    private func finish(_ entry: OutboxEntry, _ outcome: WebhookOutcome) {
        out[entry.notifier] = nil
        do throws(OutboxError) {
            switch outcome {
            case .delivered:
                try outbox.delivered(entry.id)
                report(.delivered(id: entry.id, notifier: entry.notifier))
            case .retry(let reason, let retryAfter):
                let delay =
                    retryAfter.map { min($0 * 1000, Self.longestWait) }
                    ?? retry.delay(afterAttempts: entry.attempts, using: &generator)
                try outbox.retry(entry, at: loop.clock.wallMilliseconds() + delay, reason: reason)
                report(.retrying(entry, delay: delay, reason: reason))
            case .refused(let reason):
                try outbox.setAside(entry, reason: reason)
                report(.deadLetter(entry, reason: reason))
            }
        } catch {
            report(.failed(error))
        }
        pump()
    }
}
