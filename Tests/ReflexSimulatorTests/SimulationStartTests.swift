import ReflexConfig
import ReflexCore
import XCTest

@testable import ReflexSimulator

/// Where a run starts and which clock its rules read (SPEC Precise semantics 9).
final class SimulationStartTests: XCTestCase {
    static let rules = """
        notifiers:
          ops: { mqtt: alerts }
        rules:
          - name: morning
            on: at 08:00
            then:
              - notify: ops
                message: "morning {{ now }}"

        """

    static func scenario(start: String, timezone: String?) -> String {
        """
        scenario: clock
        rules: rules.yaml
        start: \(start)
        duration: 1d

        """ + (timezone.map { "timezone: \($0)\n" } ?? "")
    }

    func testALocalStartIsReadInTheScenariosZoneAndTheRulesRunInTheirOwn() throws {
        let rig = try SimulationRig(rules: Self.rules, scenario: Self.scenario(start: "2026-07-01T14:00:00",
                                                                               timezone: "Europe/Berlin"),
                                    timezone: "America/New_York")
        XCTAssertEqual(rig.result.record.start, 1_782_907_200_000)
        XCTAssertEqual(rig.result.record.zone.name, "America/New_York")
        XCTAssertEqual(rig.notifications.map(\.1), ["morning 2026-07-02T08:00:00-04:00"])
        let line = TraceText.line(rig.events[0], of: rig.result.record)
        XCTAssertTrue(line.hasPrefix(#"{"at":"0s","time":"2026-07-01T08:00:00.000-04:00","event":"start""#), line)
    }

    func testWithoutAScenarioZoneTheStartIsReadInTheRulesZone() throws {
        let rig = try SimulationRig(rules: Self.rules, scenario: Self.scenario(start: "2026-07-01T07:00:00",
                                                                               timezone: nil),
                                    timezone: "Europe/Berlin")
        XCTAssertEqual(rig.result.record.start, 1_782_882_000_000)
        XCTAssertEqual(rig.notifications.map(\.0), [3_600_000])
    }

    func testWithoutARulesZoneTheRulesRunInTheScenarios() throws {
        let rig = try SimulationRig(rules: Self.rules, scenario: Self.scenario(start: "2026-07-01T07:00:00Z",
                                                                               timezone: "Asia/Tokyo"),
                                    timezone: nil)
        XCTAssertEqual(rig.result.record.zone.name, "Asia/Tokyo")
        XCTAssertEqual(rig.notifications.map(\.1), ["morning 2026-07-02T08:00:00+09:00"])
    }

    func testAStartWithAnOffsetIsThatInstantWhateverTheZone() throws {
        let rig = try SimulationRig(rules: Self.rules, scenario: Self.scenario(start: "2026-07-01T14:00:00+02:00",
                                                                               timezone: "Asia/Tokyo"))
        XCTAssertEqual(rig.result.record.start, 1_782_907_200_000)
    }

    func testStartsInAGapOrAnOverlapOfTheClock() throws {
        let berlin = try TimeZoneLoader.load(name: "Europe/Berlin").get()
        func start(_ text: String) throws -> Int64 {
            guard case .success(let s) = ScenarioStart.parse(text) else { throw XCTSkip("not a start: \(text)") }
            return s.instant(in: berlin)
        }
        // 02:30 does not exist on 29 March 2026: the run starts where the gap ends, 03:00+02:00.
        XCTAssertEqual(try start("2026-03-29T02:30:00"), try start("2026-03-29T01:00:00Z"))
        // 02:30 happens twice on 25 October 2026: the first, at +02:00.
        XCTAssertEqual(try start("2026-10-25T02:30:00"), try start("2026-10-25T00:30:00Z"))
        XCTAssertEqual(try start("2026-10-25T03:30:00"), try start("2026-10-25T02:30:00Z"))
        XCTAssertEqual(try start("2026-01-15T12:00:00.250"), try start("2026-01-15T11:00:00.250Z"))
    }
}
