import ReflexRuntime
import XCTest

/// MQTT over TLS against a real broker with a certificate from a CA made for the test, and a password file.
final class BrokerTLSTests: XCTestCase {
    private var loop: EventLoop!
    private var certificates: TestCertificates!
    private var broker: TestBroker!
    private var connections: [BrokerConnection] = []

    override func setUpWithError() throws {
        loop = try EventLoop()
        certificates = try TestCertificates()
        let passwords = certificates.directory + "/passwords"
        try ChildProcess.run("mosquitto_passwd", ["-c", "-b", passwords, "pump", "s3cret"])
        broker = try TestBroker(
            listenerOptions: [
                "cafile \(certificates.ca)", "certfile \(certificates.serverCertificate)",
                "keyfile \(certificates.serverKey)",
            ],
            generalOptions: ["allow_anonymous false", "password_file \(passwords)"])
    }

    override func tearDown() {
        connections.removeAll()
        broker = nil
        certificates = nil
        loop.close()
        loop = nil
    }

    private func connection(ca: String, password: String = "s3cret", events: BrokerEvents) throws -> BrokerConnection {
        let settings = BrokerSettings(
            port: broker.port, tls: BrokerSettings.TLS(ca: ca), clientID: "reflex-test-tls", username: "pump",
            password: password)
        let connection = try BrokerConnection(
            settings: settings, loop: loop, backoff: ReconnectBackoff(initial: 100, maximum: 1_000, jitter: 0.2),
            onEvent: events.record)
        connections.append(connection)
        return connection
    }

    func testTheRightCAAndCredentialsConnectAndCarryMessages() throws {
        let events = BrokerEvents()
        let client = try connection(ca: certificates.ca, events: events)
        XCTAssertEqual(client.settings.address, "mqtts://127.0.0.1:\(broker.port)")
        try client.subscribe("reflex/tls/#", qos: 1)
        client.start()
        guard loop.run(until: { events.connections == 1 }, "CONNACK over TLS (\(events.lastError))") else { return }
        let id = try XCTUnwrap(
            client.publish(topic: "reflex/tls/a", payload: Array("sealed".utf8), qos: 1, retain: false))
        loop.run(
            until: { events.payloads(on: "reflex/tls/a") == ["sealed"] && events.delivered.contains(id) },
            "the message back and its PUBACK")
        XCTAssertTrue(events.disconnections.isEmpty, events.lastError)
    }

    func testAnUntrustedServerCertificateIsRefusedWithTheReason() throws {
        let events = BrokerEvents()
        let client = try connection(ca: certificates.otherCA, events: events)
        client.start()
        guard loop.run(until: { events.disconnections.count == 2 }, "two refused handshakes") else { return }
        let reason = "\(events.disconnections[0].error)"
        XCTAssertTrue(reason.contains("certificate verify failed"), reason)
        XCTAssertEqual(events.connections, 0)
        XCTAssertEqual(client.state, .waitingToRetry)
        client.stop()
        XCTAssertTrue(events.stopped)
        XCTAssertEqual(client.state, .stopped)
    }

    func testAWrongPasswordIsRefusedByTheBroker() throws {
        let events = BrokerEvents()
        let client = try connection(ca: certificates.ca, password: "wrong", events: events)
        client.start()
        guard loop.run(until: { !events.disconnections.isEmpty }, "the refusal") else { return }
        let reason = "\(events.disconnections[0].error)"
        XCTAssertTrue(reason.contains("the broker refused the connection"), reason)
        XCTAssertTrue(reason.contains("not authorised"), reason)
        XCTAssertEqual(events.connections, 0)
    }
}
