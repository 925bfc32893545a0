import Foundation
import Glibc
import ReflexRuntime
import XCTest

/// `reflex run` as a user runs it: the built binary against a real mosquitto, watched with mosquitto_sub.
final class DeviceRunTests: XCTestCase {
    var broker: TestBroker!
    var directory = ""

    override func setUpWithError() throws {
        broker = try TestBroker()
        directory = broker.directory
    }

    override func tearDown() {
        broker = nil
    }

    /// The built `reflex` beside the test bundle (the products folder of this build).
    static var binary: String {
        let bundle = Bundle(for: DeviceRunTests.self).bundleURL
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("reflex").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }

    /// A rule set with an MQTT input, an MQTT output held by a level rule and an MQTT notifier.
    private func writeRules(_ extra: String = "") throws -> String {
        let path = directory + "/rules.yaml"
        let text = """
            reflex: 1
            site: testhouse
            timezone: UTC
            mqtt:
              broker: mqtt://127.0.0.1:\(broker.port)
              status_topic: test/status
            inputs:
              temp:
                mqtt: test/temp
                type: number
                initial: 20
            outputs:
              fan:
                mqtt: test/fan
                type: bool
                initial: off
                safe: off
            notifiers:
              ops:
                mqtt: test/alerts
            rules:
              - name: hot
                when: temp > 30
                hold: { fan: on }
                then:
                  - notify: ops
                    message: "hot: {{ temp }}"
            \(extra)
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// mosquitto_sub on `test/#`, subscribed (its SUBACK seen) when this returns; line-buffered (stdbuf), so each
    /// message reaches the pipe as it arrives.
    func subscriber() throws -> (ChildProcess, String) {
        let sub = try ChildProcess("stdbuf", ["-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", "\(broker.port)", "-t", "test/#", "-v", "-d"])
        var text = ""
        guard sub.read(until: "SUBACK", timeout: 10_000, into: &text) else {
            throw TestFailure("mosquitto_sub did not subscribe:\n\(text)\n\(broker.log.contents)")
        }
        return (sub, text)
    }

    func publish(_ topic: String, _ payload: String) throws {
        try ChildProcess.run("mosquitto_pub", ["-h", "127.0.0.1", "-p", "\(broker.port)", "-t", topic, "-m", payload])
    }

    /// `reflex run` with `arguments`, connected (its log says so) when this returns.
    func reflex(_ arguments: [String], connected: String = "connected to") throws -> (ChildProcess, String) {
        let child = try ChildProcess(Self.binary, ["run"] + arguments)
        var text = ""
        guard child.read(until: connected, timeout: 10_000, into: &text) else {
            throw TestFailure("reflex run did not connect:\n\(text)")
        }
        return (child, text)
    }

    /// SIGTERM, then the exit status and how long the exit took, in milliseconds.
    func terminate(_ child: ChildProcess) -> (status: Int32, milliseconds: Int64) {
        let clock = DeviceClock()
        let before = clock.monotonicMilliseconds()
        kill(child.pid, SIGTERM)
        let status = child.wait()
        return (status, clock.monotonicMilliseconds() - before)
    }

    func testInputDrivesOutputNotifiesAndStopsToTheSafeValue() throws {
        var (sub, seen) = try subscriber()
        let (run, _) = try reflex([try writeRules(), "--state-dir", directory + "/state"])
        XCTAssertTrue(sub.read(until: "test/status online", timeout: 10_000, into: &seen), seen)

        try publish("test/temp", "31.5")
        XCTAssertTrue(sub.read(until: "test/fan on", timeout: 10_000, into: &seen), seen)
        XCTAssertTrue(sub.read(until: "\"message\":\"hot: 31.5\"", timeout: 10_000, into: &seen), seen)
        XCTAssertTrue(seen.contains("test/alerts {\"id\":\""), seen)
        XCTAssertTrue(seen.contains("\"site\":\"testhouse\",\"rule\":\"hot\",\"notifier\":\"ops\""), seen)

        let stop = terminate(run)
        XCTAssertEqual(stop.status, 0)
        XCTAssertLessThan(stop.milliseconds, 2000)
        XCTAssertTrue(sub.read(until: "test/status offline", timeout: 10_000, into: &seen), seen)
        let off = try XCTUnwrap(seen.range(of: "test/fan off"), seen)
        let offline = try XCTUnwrap(seen.range(of: "test/status offline"))
        XCTAssertLessThan(off.lowerBound, offline.lowerBound, "the safe value goes out before the offline status")
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/state/outbox.sqlite"))
    }

    func testStopsWithinTwoSecondsWhenTheBrokerIsGone() throws {
        var (run, log) = try reflex([try writeRules(), "--state-dir", directory + "/state"])
        broker.kill()
        XCTAssertTrue(run.read(until: "broker:", timeout: 10_000, into: &log), log)
        let stop = terminate(run)
        XCTAssertEqual(stop.status, 0)
        XCTAssertLessThan(stop.milliseconds, 2000)
    }

    func testHangUpReloadsTheRulesAndKeepsThemWhenTheNewOnesHaveErrors() throws {
        var (sub, seen) = try subscriber()
        let path = try writeRules()
        var (run, log) = try reflex([path, "--state-dir", directory + "/state"])
        try (try String(contentsOfFile: path, encoding: .utf8)).replacingOccurrences(of: "temp > 30", with: "temp > 10")
            .write(toFile: path, atomically: true, encoding: .utf8)
        kill(run.pid, SIGHUP)
        XCTAssertTrue(run.read(until: "reloaded the rules (1 rule)", timeout: 10_000, into: &log), log)
        try publish("test/temp", "15")
        XCTAssertTrue(sub.read(until: "test/fan on", timeout: 10_000, into: &seen), seen)

        try "reflex: 1\nrules:\n  - name: x\n    when: nothing > 1\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        kill(run.pid, SIGHUP)
        XCTAssertTrue(run.read(until: "reload failed; the running rules stay", timeout: 10_000, into: &log), log)
        XCTAssertTrue(run.read(until: "nothing", timeout: 10_000, into: &log), log)
        XCTAssertEqual(terminate(run).status, 0)
        XCTAssertTrue(sub.read(until: "test/fan off", timeout: 10_000, into: &seen), seen)
    }

    func testJSONLogIsTheTraceWithRuntimeEventsAndTemplatesRenderThePayload() throws {
        var (sub, seen) = try subscriber()
        let extra = """
              - name: report
                on: temp.update
                then: [{ publish: { topic: test/report, payload: "t={{ temp }}" } }]
            """
        var (run, log) = try reflex([try writeRules(extra), "--log-format", "json", "--state-dir", directory + "/s"],
                                  connected: "\"event\":\"connected\"")
        try publish("test/temp", "31.5")
        XCTAssertTrue(run.read(until: "\"event\":\"drive\",\"output\":\"fan\",\"value\":true}", timeout: 10_000,
                               into: &log), log)
        XCTAssertTrue(log.contains("\"event\":\"update\",\"input\":\"temp\",\"value\":31.5}"), log)
        XCTAssertTrue(sub.read(until: "test/report t=31.5", timeout: 10_000, into: &seen), seen)
        XCTAssertEqual(terminate(run).status, 0)
    }

    func testMalformedPayloadIsLoggedAndCountedAndTheEngineGoesOn() throws {
        var (sub, seen) = try subscriber()
        var (run, log) = try reflex([try writeRules(), "--state-dir", directory + "/state"])
        try publish("test/temp", "banana")
        XCTAssertTrue(run.read(until: "(1 so far)", timeout: 10_000, into: &log), log)
        XCTAssertTrue(log.contains("decode failure for temp on test/temp"), log)
        try publish("test/temp", "35")
        XCTAssertTrue(sub.read(until: "test/fan on", timeout: 10_000, into: &seen), seen)
        XCTAssertEqual(terminate(run).status, 0)
    }

    func testDryRunPublishesNothing() throws {
        var (sub, seen) = try subscriber()
        var (run, log) = try reflex([try writeRules(), "--dry-run", "--state-dir", directory + "/state"])
        try publish("test/temp", "31.5")
        XCTAssertTrue(run.read(until: "drive fan on (rule hot) [dry run]", timeout: 10_000, into: &log), log)
        XCTAssertTrue(run.read(until: "notify ops: hot: 31.5", timeout: 10_000, into: &log), log)
        XCTAssertEqual(terminate(run).status, 0)
        // Whatever reflex published went out before it exited, so before this marker.
        try publish("test/marker", "end")
        XCTAssertTrue(sub.read(until: "test/marker end", timeout: 10_000, into: &seen), seen)
        for topic in ["test/fan", "test/alerts", "test/status"] {
            XCTAssertFalse(seen.contains(topic + " "), seen)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/state"), "a dry run stores nothing")
    }

    func testRuleSetWithErrorsExitsOneWithTheDiagnostic() throws {
        let path = try writeRules("  - name: broken\n    when: temperature > 3\n    then: [{ log: x }]")
        let run = try ChildProcess(Self.binary, ["run", path, "--state-dir", directory + "/state"])
        let text = run.readToEnd()
        XCTAssertEqual(run.wait(), 1, text)
        XCTAssertTrue(text.contains("rules.yaml:"), text)
        XCTAssertTrue(text.contains("temperature"), text)
    }

    func testGPIOLinesAreRefusedWithoutDryRun() throws {
        let path = directory + "/gpio.yaml"
        try """
            reflex: 1
            inputs:
              door: { gpio: { chip: gpiochip0, line: 17 } }
            rules:
              - name: opened
                on: door.rise
                then: [{ log: open }]
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try ChildProcess(Self.binary, ["run", path, "--state-dir", directory + "/state"])
        let text = run.readToEnd()
        XCTAssertEqual(run.wait(), 1, text)
        XCTAssertTrue(text.contains("GPIO lines (door)"), text)
        XCTAssertTrue(text.contains("--dry-run"), text)
    }
}
