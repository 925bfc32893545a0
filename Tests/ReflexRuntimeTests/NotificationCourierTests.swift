import Foundation
import Glibc
import ReflexCore
import XCTest

@testable import ReflexRuntime

/// Notifications from the outbox to real endpoints: a local HTTP server that answers per a plan (webhooks) and a
/// real mosquitto (MQTT), with a real event loop and a real SQLite file.
final class NotificationCourierTests: XCTestCase {
    private var loop: EventLoop!
    private var directory: String!
    private var outbox: Outbox!
    private var courier: NotificationCourier!
    private var server: WebhookServer?
    private var reports: [NotificationCourier.Report] = []
    /// No jitter and short waits: 50 ms doubling to 400 ms.
    private let quickRetry = Backoff(initial: 50, maximum: 400, jitter: 0)

    override func setUpWithError() throws {
        loop = try EventLoop()
        directory = NSTemporaryDirectory() + "reflex-courier-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        outbox = try Outbox(path: directory + "/outbox.db", site: "greenhouse")
    }

    override func tearDown() {
        courier = nil
        server?.stop()
        server = nil
        outbox = nil
        loop.close()
        loop = nil
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts the server with `plan` and a courier with a webhook route per path (the notifier is named after it).
    private func serve(
        _ plan: [String: [String]], headers: [String] = [], timeout: Int64 = 5_000
    ) throws -> WebhookServer {
        let server = try WebhookServer(plan: plan, loop: loop)
        self.server = server
        var routes: [String: NotificationCourier.Route] = [:]
        for path in plan.keys {
            let target = WebhookTarget(url: server.url(path), headers: headers, timeout: timeout)
            routes[String(path.dropFirst())] = .webhook(target)
        }
        courier = NotificationCourier(outbox: outbox, routes: routes, loop: loop, retry: quickRetry) {
            [unowned self] in reports.append($0)
        }
        return server
    }

    @discardableResult
    private func notify(_ notifier: String, _ message: String) throws -> OutboxEntry {
        let notification = ReflexCore.Notification(
            notifier: 0, rule: "hot", message: message, fields: [.init(name: "temp", value: "31.5")])
        return try courier.notify(notification, notifier: notifier, time: 1_782_907_200_000, utcOffset: 7200)
    }

    private func delivered(_ id: String) -> Bool {
        reports.contains { if case .delivered(id, _) = $0 { true } else { false } }
    }

    private var delays: [Int64] {
        reports.compactMap { if case .retrying(_, let delay, _) = $0 { delay } else { nil } }
    }

    func testADeliveredWebhookCarriesTheBodyAndHeadersAndLeavesTheOutbox() throws {
        let server = try serve(["/hook": ["200"]], headers: ["Authorization: Bearer s3cret", "X-Site: greenhouse"])
        let entry = try notify("hook", "Greenhouse hot")
        guard loop.run(until: { delivered(entry.id) }, "the webhook delivered (\(reports))") else { return }
        let request = try XCTUnwrap(server.requests.first)
        XCTAssertEqual(server.requests.count, 1)
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(
            request.body,
            #"{"id":"\#(entry.id)","site":"greenhouse","rule":"hot","notifier":"hook","#
                + #""time":"2026-07-01T14:00:00+02:00","message":"Greenhouse hot","fields":{"temp":"31.5"}}"#)
        XCTAssertEqual(request.headers["content-type"], "application/json")
        XCTAssertEqual(request.headers["idempotency-key"], entry.id)
        XCTAssertEqual(request.headers["authorization"], "Bearer s3cret")
        XCTAssertEqual(request.headers["x-site"], "greenhouse")
        XCTAssertEqual(try outbox.entries(), [])
    }

    func testA500IsRetriedWithTheSameIdempotencyKey() throws {
        let server = try serve(["/hook": ["500", "503", "200"]])
        let entry = try notify("hook", "retry me")
        guard loop.run(until: { delivered(entry.id) }, "delivery after two 5xx (\(reports))") else { return }
        XCTAssertEqual(server.requests.map { $0.headers["idempotency-key"] }, Array(repeating: entry.id, count: 3))
        XCTAssertEqual(Set(server.requests.map(\.body)), [entry.body])
        XCTAssertEqual(delays, [50, 100], "backoff doubles")
        XCTAssertEqual(try outbox.entries(), [])
    }

    func testA429WaitsForItsRetryAfter() throws {
        let server = try serve(["/hook": ["429:1", "200"]])
        let entry = try notify("hook", "slow down")
        guard loop.run(until: { delivered(entry.id) }, "delivery after a 429 (\(reports))") else { return }
        XCTAssertEqual(delays, [1000])
        let requests = server.requests
        XCTAssertEqual(requests.count, 2)
        XCTAssertGreaterThanOrEqual(requests[1].seenAt - requests[0].seenAt, 950, "Retry-After: 1 was not honoured")
        XCTAssertEqual(requests[1].headers["idempotency-key"], entry.id)
    }

    func testA400IsSetAsideAndTheNextOneGoesOn() throws {
        let server = try serve(["/hook": ["400", "200"]])
        let refused = try notify("hook", "malformed, say")
        let next = try notify("hook", "fine")
        guard loop.run(until: { delivered(next.id) }, "the second delivered (\(reports))") else { return }
        XCTAssertEqual(server.requests.map { $0.headers["idempotency-key"] }, [refused.id, next.id])
        let reported = reports.compactMap {
            if case .deadLetter(let entry, let reason) = $0 { entry.id + " " + reason } else { nil }
        }
        XCTAssertEqual(reported, [refused.id + " HTTP 400"], "the dead letter is reported")
        let dead = try outbox.entries(in: .deadLetter)
        XCTAssertEqual(dead.map(\.id), [refused.id])
        XCTAssertEqual(dead.first?.reason, "HTTP 400")
        XCTAssertEqual(try outbox.entries().count, 1, "only the dead letter is left")
    }

    func testOrderPerNotifierIsKeptWhileOneRetriesAndOtherNotifiersGoOn() throws {
        let server = try serve(["/a": ["500", "500", "200"], "/b": ["200"]])
        let first = try notify("a", "a1")
        let second = try notify("a", "a2")
        let other = try notify("b", "b1")
        guard loop.run(until: { delivered(second.id) && delivered(other.id) }, "all delivered (\(reports))") else {
            return
        }
        let toA = server.requests(to: "/a")
        XCTAssertEqual(toA.map { $0.headers["idempotency-key"] }, [first.id, first.id, first.id, second.id])
        let toB = try XCTUnwrap(server.requests(to: "/b").first)
        XCTAssertLessThan(toB.seenAt, toA[2].seenAt, "b waited for a's retries")
        XCTAssertEqual(try outbox.entries(), [])
    }

    func testAHungEndpointTimesOutAndIsRetriedWhileTheLoopRunsOn() throws {
        let server = try serve(["/hook": ["hang", "200"]], timeout: 600)
        let entry = try notify("hook", "are you there")
        let clock = loop.clock
        let deadline = clock.monotonicMilliseconds() + 300
        var firedAt: Int64?
        var requestsWhenFired = 0
        let timer = loop.makeTimer {
            firedAt = clock.monotonicMilliseconds()
            requestsWhenFired = server.requests.count
        }
        timer.arm(at: deadline)
        guard loop.run(until: { delivered(entry.id) }, "delivery after a timeout (\(reports))") else { return }
        let lateness = try XCTUnwrap(firedAt) - deadline
        XCTAssertLessThan(lateness, 100, "the loop was blocked for \(lateness) ms while the request hung")
        XCTAssertEqual(requestsWhenFired, 1, "the timer fired while the first request hung")
        let reasons = reports.compactMap { if case .retrying(_, _, let reason) = $0 { reason } else { nil } }
        XCTAssertEqual(reasons.count, 1)
        XCTAssertTrue(reasons.first?.contains("imeout") ?? false, "\(reasons)")
        XCTAssertEqual(server.requests.map { $0.headers["idempotency-key"] }, [entry.id, entry.id])
    }

    func testAnMQTTNotificationIsPublishedWithQoS1AndLeavesTheOutboxOnItsPuback() throws {
        let broker = try TestBroker()
        let events = BrokerEvents()
        var courier: NotificationCourier?
        let settings = BrokerSettings(port: broker.port, clientID: "reflex-test-notify", keepalive: 5)
        let connection = try BrokerConnection(settings: settings, loop: loop) { event in
            events.record(event)
            if case .delivered(let id) = event { courier?.acknowledged(id) }
        }
        try connection.subscribe("reflex/test/alerts", qos: 1)
        connection.start()
        guard loop.run(until: { events.connections == 1 }, "CONNACK (\(events.lastError))") else { return }
        courier = NotificationCourier(
            outbox: outbox, routes: ["ops": .mqtt(topic: "reflex/test/alerts")], loop: loop,
            publish: { topic, payload throws(BrokerError) in
                try connection.publish(topic: topic, payload: payload, qos: 1, retain: false)
            },
            report: { [unowned self] in reports.append($0) }
        )
        self.courier = courier
        let entry = try notify("ops", "over MQTT")
        guard loop.run(until: { delivered(entry.id) }, "the PUBACK (\(reports))") else { return }
        loop.run(until: { !events.messages.isEmpty }, "the message back")
        XCTAssertEqual(events.payloads(on: "reflex/test/alerts"), [entry.body])
        XCTAssertEqual(try outbox.entries(), [])
        courier = nil
        self.courier = nil
    }
}
