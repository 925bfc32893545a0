import Glibc
import XCTest

@testable import ReflexRuntime

/// The MQTT driver against a real mosquitto broker on a free loopback port, driven by a real event loop.
final class BrokerConnectionTests: XCTestCase {
    private var loop: EventLoop!
    private var broker: TestBroker!
    private var connections: [BrokerConnection] = []
    /// Fast retries, so the reconnect tests take well under a second of waiting.
    private let quickRetry = ReconnectBackoff(initial: 100, maximum: 2_000, jitter: 0.2)

    override func setUpWithError() throws {
        loop = try EventLoop()
        broker = try TestBroker()
    }

    override func tearDown() {
        connections.removeAll()
        broker = nil
        loop.close()
        loop = nil
    }

    private func connection(
        _ clientID: String, statusTopic: String? = nil, port: Int? = nil, backoff: ReconnectBackoff? = nil,
        events: BrokerEvents
    ) throws -> BrokerConnection {
        let settings = BrokerSettings(
            port: port ?? broker.port, clientID: clientID, keepalive: 5, statusTopic: statusTopic)
        let connection = try BrokerConnection(
            settings: settings, loop: loop, backoff: backoff ?? quickRetry, onEvent: events.record)
        connections.append(connection)
        return connection
    }

    func testConnectsSubscribesAndReceivesWhatItPublishes() throws {
        let events = BrokerEvents()
        let client = try connection("reflex-test-self", events: events)
        try client.subscribe("reflex/test/#", qos: 1)
        client.start()
        XCTAssertEqual(client.state, .connecting)
        guard loop.run(until: { events.connections == 1 }, "CONNACK (\(events.lastError))") else { return }
        XCTAssertEqual(client.state, .connected)
        try client.publish(topic: "reflex/test/hello", payload: Array("hi there".utf8), qos: 0, retain: false)
        try client.publish(topic: "reflex/test/bytes", payload: [0, 255, 10], qos: 1, retain: false)
        loop.run(until: { events.messages.count == 2 }, "both messages back")
        XCTAssertEqual(events.payloads(on: "reflex/test/hello"), ["hi there"])
        XCTAssertEqual(events.messages.last?.topic, "reflex/test/bytes")
        XCTAssertEqual(events.messages.last?.payload, [0, 255, 10], "payloads are bytes, not text")
        XCTAssertTrue(events.disconnections.isEmpty, events.lastError)
    }

    func testQoS1PublishIsAcknowledgedByItsMessageID() throws {
        let events = BrokerEvents()
        let client = try connection("reflex-test-ack", events: events)
        client.start()
        guard loop.run(until: { events.connections == 1 }, "CONNACK (\(events.lastError))") else { return }
        let id = try XCTUnwrap(client.publish(topic: "reflex/test/ack", payload: [1, 2, 3], qos: 1, retain: false))
        // A PUBACK has to come back from the broker; it cannot have arrived inside the publish call.
        XCTAssertFalse(events.delivered.contains(id))
        loop.run(until: { events.delivered.contains(id) }, "the PUBACK for \(id)")
    }

    func testStatusIsRetainedOnlineAndTheWillSaysOfflineWhenTheConnectionDrops() throws {
        let status = "reflex/test/status"
        let subjectEvents = BrokerEvents()
        let subject = try connection("reflex-test-subject", statusTopic: status, events: subjectEvents)
        subject.start()
        guard loop.run(until: { subjectEvents.connections == 1 }, "the subject's CONNACK") else { return }
        // A client arriving after the fact still reads `online`: it was published retained.
        let observerEvents = BrokerEvents()
        let observer = try connection("reflex-test-observer", events: observerEvents)
        try observer.subscribe(status, qos: 1)
        observer.start()
        loop.run(until: { observerEvents.payloads(on: status) == ["online"] }, "retained online")
        // Cut the subject's connection without a DISCONNECT: the broker publishes its will.
        XCTAssertEqual(shutdown(try XCTUnwrap(subject.socketDescriptor), Int32(SHUT_RDWR)), 0)
        loop.run(until: { observerEvents.payloads(on: status).count >= 2 }, "the will")
        XCTAssertEqual(observerEvents.payloads(on: status).prefix(2), ["online", "offline"])
        // The subject notices, reconnects by itself and says it is back.
        loop.run(
            until: { subjectEvents.connections == 2 && observerEvents.payloads(on: status).count == 3 },
            "the subject back online (\(subjectEvents.lastError))")
        XCTAssertEqual(observerEvents.payloads(on: status), ["online", "offline", "online"])
        XCTAssertEqual(subjectEvents.disconnections.count, 1)
    }

    func testStopPublishesOfflineAndDisconnectsCleanly() throws {
        let status = "reflex/test/status"
        let subjectEvents = BrokerEvents()
        let subject = try connection("reflex-test-stopping", statusTopic: status, events: subjectEvents)
        let observerEvents = BrokerEvents()
        let observer = try connection("reflex-test-watcher", events: observerEvents)
        try observer.subscribe(status, qos: 1)
        observer.start()
        subject.start()
        loop.run(until: { observerEvents.payloads(on: status).last == "online" }, "online")
        subject.stop()
        loop.run(until: { subjectEvents.stopped && observerEvents.payloads(on: status).last == "offline" }, "offline")
        XCTAssertEqual(subject.state, .stopped)
        XCTAssertTrue(subjectEvents.disconnections.isEmpty, subjectEvents.lastError)
    }

    func testRefusedConnectionIsReportedAndRetriedWithBackoffWhileTheLoopRuns() throws {
        let closedPort = try TestBroker.freePort()
        let events = BrokerEvents()
        let client = try connection(
            "reflex-test-refused", port: closedPort,
            backoff: ReconnectBackoff(initial: 50, maximum: 1_000, jitter: 0.2), events: events)
        var ticks = 0
        var tick: LoopTimer!
        tick = loop.makeTimer {
            ticks += 1
            tick.arm(after: 10)
        }
        tick.arm(after: 10)
        client.start()
        loop.run(until: { events.disconnections.count == 3 }, "three refused attempts")
        tick.disarm()
        for failure in events.disconnections {
            XCTAssertTrue("\(failure.error)".contains("Connection refused"), "\(failure.error)")
        }
        let waits = events.disconnections.map(\.retryIn)
        for (wait, base) in zip(waits, [50, 100, 200] as [Int64]) {
            XCTAssertTrue((base * 8 / 10...base * 12 / 10).contains(wait), "waits \(waits)")
        }
        for index in 1..<events.disconnections.count {
            let gap = events.disconnections[index].at - events.disconnections[index - 1].at
            XCTAssertGreaterThanOrEqual(gap, waits[index - 1] - 2, "retried before its wait was over")
        }
        XCTAssertEqual(client.state, .waitingToRetry)
        XCTAssertEqual(events.connections, 0)
        XCTAssertGreaterThan(ticks, 10, "the loop kept running other work")
    }

    func testAPeerThatNeverAnswersIsGivenUpAfterTheKeepalive() throws {
        // Something listens (the kernel completes the TCP handshake) but never speaks MQTT.
        let silent = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(silent, 0)
        defer { close(silent) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(silent, generic, length) == 0 && listen(silent, 4) == 0
                    && getsockname(silent, generic, &length) == 0
            }
        }
        XCTAssertTrue(listening)
        let events = BrokerEvents()
        let client = try connection(
            "reflex-test-silent", port: Int(UInt16(bigEndian: address.sin_port)), events: events)
        let started = loop.clock.monotonicMilliseconds()
        client.start()
        guard loop.run(for: 15, until: { !events.disconnections.isEmpty }, "the attempt to be given up") else { return }
        let waited = events.disconnections[0].at - started
        XCTAssertEqual("\(events.disconnections[0].error)", "no answer from the broker within the keepalive interval")
        XCTAssertTrue((3_900...7_000).contains(waited), "gave up after \(waited) ms with a 5 s keepalive")
        XCTAssertEqual(client.state, .waitingToRetry)
    }

    func testReconnectsAfterTheBrokerRestartsResubscribesAndDeliversWhatWasQueued() throws {
        let events = BrokerEvents()
        let client = try connection("reflex-test-restart", events: events)
        try client.subscribe("reflex/test/#", qos: 1)
        client.start()
        guard loop.run(until: { events.connections == 1 }, "CONNACK") else { return }
        try client.publish(topic: "reflex/test/retained", payload: Array("r1".utf8), qos: 1, retain: true)
        loop.run(until: { events.payloads(on: "reflex/test/retained") == ["r1"] }, "the retained message")

        broker.kill()
        loop.run(until: { !events.disconnections.isEmpty }, "the lost connection")
        XCTAssertEqual(client.state, .waitingToRetry)
        let queued = try XCTUnwrap(
            client.publish(topic: "reflex/test/queued", payload: Array("while down".utf8), qos: 1, retain: false),
            "a QoS 1 message gets its id while disconnected")

        try broker.start()  // same port; the broker kept nothing (no persistence)
        loop.run(
            until: {
                events.connections == 2 && events.payloads(on: "reflex/test/queued") == ["while down"]
                    && events.delivered.contains(queued)
            }, "reconnect, the queued message back through the new subscription, and its PUBACK")
        // The broker lost its retained message with its restart; the client published it again.
        let observerEvents = BrokerEvents()
        let observer = try connection("reflex-test-late", events: observerEvents)
        try observer.subscribe("reflex/test/retained", qos: 0)
        observer.start()
        loop.run(until: { observerEvents.payloads(on: "reflex/test/retained") == ["r1"] }, "the retained republish")
    }
}
