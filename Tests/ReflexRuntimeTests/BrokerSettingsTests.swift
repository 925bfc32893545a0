import Foundation
import ReflexCore
import ReflexRuntime
import XCTest

/// The rule set's `mqtt:` block turned into what the driver connects with (SPEC §1, docs/rules.md `mqtt`).
final class BrokerSettingsTests: XCTestCase {
    private let range = SourceRange.file("rules.yaml")

    private func text(_ value: String?, raw: String = "x", missing: [String] = []) -> Located<SettingText> {
        Located(
            SettingText(raw: raw, resolved: value, missing: missing, referencesEnvironment: !missing.isEmpty),
            at: range)
    }

    func testWithoutAnMQTTBlockEverythingIsDefault() throws {
        let settings = try BrokerSettings(nil, site: "greenhouse-a")
        XCTAssertEqual(settings.address, "mqtt://127.0.0.1:1883")
        XCTAssertEqual(settings.clientID, "reflex-greenhouse-a")
        XCTAssertEqual(settings.keepalive, 30)
        XCTAssertNil(settings.tls)
        XCTAssertNil(settings.username)
        XCTAssertNil(settings.statusTopic)
    }

    func testWrittenSettingsAreUsed() throws {
        var mqtt = MQTTSettings(range: range)
        mqtt.broker = Located(MQTTSettings.Broker(tls: true, host: "broker.example.net", port: 8883), at: range)
        mqtt.clientID = text("pump-1")
        mqtt.username = text("pump")
        mqtt.password = text("secret")
        mqtt.keepalive = Located(45_000, at: range)
        mqtt.statusTopic = Located("reflex/pump/status", at: range)
        var tls = MQTTSettings.TLS(range: range)
        tls.ca = Located("/etc/reflex/ca.pem", at: range)
        mqtt.tls = tls
        let settings = try BrokerSettings(mqtt, site: "pump")
        XCTAssertEqual(settings.address, "mqtts://broker.example.net:8883")
        XCTAssertEqual(settings.clientID, "pump-1")
        XCTAssertEqual(settings.username, "pump")
        XCTAssertEqual(settings.password, "secret")
        XCTAssertEqual(settings.keepalive, 45)
        XCTAssertEqual(settings.statusTopic, "reflex/pump/status")
        XCTAssertEqual(settings.tls?.ca, "/etc/reflex/ca.pem")
        XCTAssertEqual(settings.tls?.verify, true, "verification is on unless turned off")
    }

    func testMqttsWithoutATLSBlockVerifiesAgainstTheSystemStore() throws {
        var mqtt = MQTTSettings(range: range)
        mqtt.broker = Located(MQTTSettings.Broker(tls: true, host: "broker.example.net", port: 8883), at: range)
        let settings = try BrokerSettings(mqtt, site: "a")
        XCTAssertNil(settings.tls?.ca)
        XCTAssertEqual(settings.tls?.verify, true)
    }

    func testKeepaliveBelowWhatLibmosquittoAcceptsIsRaisedToFiveSeconds() throws {
        var mqtt = MQTTSettings(range: range)
        mqtt.keepalive = Located(1_000, at: range)
        XCTAssertEqual(try BrokerSettings(mqtt, site: "a").keepalive, 5)
    }

    func testAnUnsetEnvironmentVariableRefusesToRun() {
        var mqtt = MQTTSettings(range: range)
        mqtt.username = text(nil, raw: "${REFLEX_MQTT_USER}", missing: ["REFLEX_MQTT_USER"])
        XCTAssertThrowsError(try BrokerSettings(mqtt, site: "a")) { error in
            XCTAssertEqual(
                "\(error)", "mqtt: 'username' needs the environment variable 'REFLEX_MQTT_USER', which is not set")
        }
    }

    func testThePasswordFileGivesItsFirstLine() throws {
        let path = NSTemporaryDirectory() + "reflex-secret-\(getpid())"
        try "s3cret\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var mqtt = MQTTSettings(range: range)
        mqtt.passwordFile = text(path)
        XCTAssertEqual(try BrokerSettings(mqtt, site: "a").password, "s3cret")
    }

    func testAnUnreadablePasswordFileRefusesToRun() {
        var mqtt = MQTTSettings(range: range)
        mqtt.passwordFile = text("/nonexistent/reflex.secret")
        XCTAssertThrowsError(try BrokerSettings(mqtt, site: "a")) { error in
            XCTAssertEqual(
                "\(error)",
                "mqtt: cannot read the password file '/nonexistent/reflex.secret': No such file or directory")
        }
    }

    func testTLSFilesForAPlainBrokerRefuseToRun() {
        var mqtt = MQTTSettings(range: range)
        mqtt.tls = MQTTSettings.TLS(range: SourceRange(file: "rules.yaml", line: 7, column: 8))
        XCTAssertThrowsError(try BrokerSettings(mqtt, site: "a")) { error in
            XCTAssertEqual(
                "\(error)", "mqtt: 'tls' is set at rules.yaml:7:8 but the broker is mqtt://; use mqtts:// for TLS")
        }
    }
}
