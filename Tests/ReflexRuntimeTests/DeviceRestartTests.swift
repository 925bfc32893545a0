import Foundation
import Glibc
import ReflexRuntime
import XCTest

/// `reflex run` keeps its state across restarts (SPEC "Restarts"): the real binary, stopped with SIGTERM and
/// started again on the same state directory.
extension DeviceRunTests {
    /// A `for:` on a state value an action sets: the state is kept, so the condition still holds at the restart.
    private func writeKeptRules() throws -> String {
        let path = directory + "/kept.yaml"
        try """
            reflex: 1
            site: testhouse
            timezone: UTC
            mqtt:
              broker: mqtt://127.0.0.1:\(broker.port)
            inputs:
              temp: { mqtt: test/temp, type: number }
            outputs:
              fan: { mqtt: test/fan, type: bool, initial: off, safe: off }
            state:
              hot: { type: bool, initial: false }
            rules:
              - name: mark
                on: temp.update
                then: [{ set: { hot: temp > 30 } }]
              - name: hot
                when: hot
                for: 2s
                hold: { fan: on }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Lets time pass without sleeping: waits on a pipe nobody writes to until `deadline` (monotonic milliseconds).
    private func pause(until deadline: Int64, _ clock: DeviceClock) throws {
        var ends: [Int32] = [0, 0]
        try SystemCall.check("pipe") { pipe(&ends) }
        defer { for end in ends { Glibc.close(end) } }
        let left = deadline - clock.monotonicMilliseconds()
        if left > 0 { XCTAssertNil(ChildProcess.read(ends[0], waitingAtMost: Int32(left))) }
    }

    func testRunningForClockAndStateSurviveARestart() throws {
        var (sub, seen) = try subscriber()
        let rules = try writeKeptRules()
        let state = directory + "/state"
        var (run, log) = try reflex([rules, "--state-dir", state])
        let clock = DeviceClock()
        let published = clock.monotonicMilliseconds()
        try publish("test/temp", "31")
        XCTAssertTrue(run.read(until: "rule hot waiting", timeout: 10_000, into: &log), log)
        try pause(until: published + 1200, clock)
        XCTAssertEqual(terminate(run).status, 0)
        XCTAssertTrue(sub.read(until: "test/fan off", timeout: 10_000, into: &seen), seen)  // the safe value
        XCTAssertFalse(seen.contains("test/fan on"), seen)

        // Nothing publishes temp again: `hot` comes back from the kept state, and with it the running clock.
        var (again, restartLog) = try reflex([rules, "--state-dir", state])
        XCTAssertTrue(restartLog.contains("restored the kept state from \(state)/state.json"), restartLog)
        XCTAssertTrue(again.read(until: "rule hot waiting", timeout: 10_000, into: &restartLog), restartLog)
        XCTAssertTrue(sub.read(until: "test/fan on", timeout: 10_000, into: &seen), seen)
        let total = clock.monotonicMilliseconds() - published
        XCTAssertGreaterThanOrEqual(total, 1900, "the 2 s count from the first publish")
        XCTAssertLessThan(total, 2900, "not 2 s after the restart (that would be 3.2 s or more)")
        XCTAssertEqual(terminate(again).status, 0)
    }

    func testUnreadableKeptStateIsSetAsideAndTheRunStarts() throws {
        let state = directory + "/state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try "{\"format\":1,\"taken\":".write(toFile: state + "/state.json", atomically: true, encoding: .utf8)
        var (run, log) = try reflex([try writeKeptRules(), "--state-dir", state])
        XCTAssertTrue(log.contains("the kept state in \(state)/state.json is unreadable"), log)
        XCTAssertTrue(log.contains("starting from the rule set's defaults"), log)
        let names = try FileManager.default.contentsOfDirectory(atPath: state)
        XCTAssertEqual(names.filter { $0.hasPrefix("state.json.corrupt-") }.count, 1, "\(names)")
        try publish("test/temp", "35")
        XCTAssertTrue(run.read(until: "rule hot waiting", timeout: 10_000, into: &log), log)
        XCTAssertEqual(terminate(run).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: state + "/state.json"), "a fresh snapshot is kept")
    }
}
