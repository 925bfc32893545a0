import ReflexCore
import XCTest

@testable import ReflexSimulator

/// Expectations over a whole run (notify, never, count) and in steps, each holding and each failing, with the
/// place it is written, what it wanted and what happened.
final class SimulationExpectationTests: XCTestCase {
    static let rules = """
        inputs:
          temp: { mqtt: t, type: number }
          door: { gpio: { chip: c, line: 1 } }
        outputs:
          fan: { gpio: { chip: c, line: 2 }, initial: off }
          vent: { mqtt: v, type: number, initial: 0 }
        notifiers:
          ops: { mqtt: alerts }
          pager: { mqtt: pager }
        rules:
          - name: hot
            when: temp > 30
            hold: { fan: on, vent: 50 }
            then:
              - notify: ops
                message: "Greenhouse hot: {{ temp }} °C"
          - name: door
            on: door.rise
            then:
              - notify: pager
                message: "Door opened at {{ now }}"

        """

    /// The scenario with `expect` lines appended; its steps are on lines 6 to 11, `expect:` on line 12.
    static func scenario(_ expectations: String) -> String {
        """
        scenario: expectations
        rules: rules.yaml
        start: 2026-07-01T12:00:00Z
        duration: 10m
        steps:
          - at: 2m
            set: { temp: 31 }
          - at: 3m
            gpio: { door: rise }
          - at: 5m
            set: { temp: 25 }
        expect:

        """ + expectations
    }

    func testExpectationsThatHoldGiveNoFailure() throws {
        let rig = try SimulationRig(rules: Self.rules, scenario: Self.scenario("""
              - notify: ops
              - notify: ops
                between: [2m, 2m]
                message: { equals: "Greenhouse hot: 31 °C" }
              - notify: ops
                message: { contains: hot }
              - notify: pager
                between: [1m, 10m]
                message: { matches: '^Door opened at \\d{4}-\\d{2}-\\d{2}T12:03:00' }
              - never: { vent: 100, temp: 40 }
              - count: { notify: ops, equals: 1 }
              - count: { notify: pager, at_least: 1 }
              - count: { changes: fan, at_most: 2 }
              - count: { changes: vent, equals: 2 }
            """))
        XCTAssertEqual(rig.failures, [], rig.trace.joined(separator: "\n"))
    }

    func testEachFailingExpectationNamesItsPlaceAndWhatHappened() throws {
        let rig = try SimulationRig(rules: Self.rules, scenario: Self.scenario("""
              - notify: ops
                between: [3m, 10m]
              - notify: ops
                message: { equals: "Greenhouse hot" }
              - notify: pager
                message: { matches: 'closed|shut' }
              - notify: pager
                between: [0s, 1m]
              - never: { fan: on }
              - count: { notify: ops, equals: 2 }
              - count: { notify: pager, at_most: 0 }
              - count: { changes: fan, at_least: 3 }
              - count: { changes: vent, equals: 0 }
            """))
        XCTAssertEqual(rig.failures, [
            "13:5: no matching notification from 'ops' | a notification from 'ops' between 3m and 10m "
                + "| 1 notification, none of them matching: 2m \"Greenhouse hot: 31 °C\"",
            "15:5: no matching notification from 'ops' | a notification from 'ops' with a message equal to "
                + "\"Greenhouse hot\" | 1 notification, none of them matching: 2m \"Greenhouse hot: 31 °C\"",
            "17:5: no matching notification from 'pager' | a notification from 'pager' with a message matching "
                + "/closed|shut/ | 1 notification, none of them matching: "
                + "3m \"Door opened at 2026-07-01T12:03:00+00:00\"",
            "19:5: no matching notification from 'pager' | a notification from 'pager' between 0s and 1m "
                + "| 1 notification, none of them matching: 3m \"Door opened at 2026-07-01T12:03:00+00:00\"",
            "21:14: 'fan' took a value it must never have | 'fan' never on | on at 2m",
            "22:5: wrong number of notifications from 'ops' | exactly 2 | 1 (at 2m)",
            "23:5: wrong number of notifications from 'pager' | at most 0 | 1 (at 3m)",
            "24:5: wrong number of changes of 'fan' | at least 3 | 2 (at 2m, 5m)",
            "25:5: wrong number of changes of 'vent' | exactly 0 | 2 (at 2m, 5m)",
        ])
    }

    func testANotificationThatNeverCameSaysSo() throws {
        let rig = try SimulationRig(rules: Self.rules, scenario: """
            scenario: quiet
            rules: rules.yaml
            start: 2026-07-01T12:00:00Z
            duration: 10m
            expect:
              - notify: ops
            """)
        XCTAssertEqual(rig.failures, [
            "6:5: no matching notification from 'ops' | a notification from 'ops' | no notification from 'ops'"
        ])
    }

    func testAFailedExpectStepNamesTheSignalItsInstantAndBothValues() throws {
        let rig = try SimulationRig(rules: Self.rules, scenario: """
            scenario: steps
            rules: rules.yaml
            start: 2026-07-01T12:00:00Z
            duration: 10m
            steps:
              - at: 2m
                set: { temp: 31 }
              - at: 2m
                expect: { fan: on, vent: 40, temp: 31 }
              - at: 3m
                expect:
                  fan: off
            """)
        XCTAssertEqual(rig.failures, [
            "9:24: 'vent' at 2m is not as expected | 40 | 50",
            "12:7: 'fan' at 3m is not as expected | off | on",
        ])
        let failure = rig.result.failures[0]
        guard case .upTo(_, at: 120_000) = failure.evidence else { return XCTFail("\(failure.evidence)") }
        XCTAssertEqual(rig.result.record.events(explaining: failure, limit: 3).map {
            SimulationRig.short(TraceText.line($0, of: rig.result.record))
        }, [
            #"{"at":"2m","event":"drive","output":"vent","value":50}"#,
            #"{"at":"2m","event":"expect","signal":"fan","expected":true,"actual":true,"ok":true}"#,
            #"{"at":"2m","event":"expect","signal":"vent","expected":40,"actual":50,"ok":false}"#,
        ], "the context ends at the failed check")
    }

    func testNeverCoversTheInitialValuesAndStartUp() throws {
        let rig = try SimulationRig(rules: Self.rules, scenario: """
            scenario: never at start
            rules: rules.yaml
            start: 2026-07-01T12:00:00Z
            duration: 1m
            initial: { temp: 35 }
            expect:
              - never: { fan: off }
              - never: { vent: 50 }
            """)
        XCTAssertEqual(rig.failures, [
            "7:14: 'fan' took a value it must never have | 'fan' never off | off at 0s",
            "8:14: 'vent' took a value it must never have | 'vent' never 50 | 50 at 0s",
        ])
        XCTAssertEqual(rig.result.record.events(explaining: rig.result.failures[0]).count, 0,
                       "an initial value is seen before anything in the trace")
    }

    /// Outputs are driven once a cascade settles: a value written and replaced within it is never driven,
    /// so `never` does not see it and it is no change.
    func testAValueWrittenAndReplacedWithinOneCascadeIsNeverDriven() throws {
        let rig = try SimulationRig(rules: Self.flick(delay: false), scenario: """
            scenario: flick
            rules: rules.yaml
            start: 2026-07-01T12:00:00Z
            duration: 1m
            steps:
              - at: 1s
                set: { go: true }
              - at: 1s
                expect: { valve: 10 }
            expect:
              - never: { valve: 100 }
              - count: { changes: valve, equals: 1 }
            """)
        XCTAssertEqual(rig.failures, [])
    }

    static func flick(delay: Bool) -> String { """
        inputs:
          go: { mqtt: go, type: bool }
        outputs:
          valve: { mqtt: valve, type: number, initial: 0 }
        rules:
          - name: flick
            on: go.rise
            then:
              - set: { valve: 100 }
        """ + (delay ? "\n      - delay: 1ms" : "") + "\n      - set: { valve: 10 }\n"
    }

    /// A value driven and replaced a millisecond later is seen.
    func testNeverSeesAValueDrivenAndReplacedSoonAfter() throws {
        let rig = try SimulationRig(rules: Self.flick(delay: true), scenario: """
            scenario: flick
            rules: rules.yaml
            start: 2026-07-01T12:00:00Z
            duration: 1m
            steps:
              - at: 1s
                set: { go: true }
              - at: 1s1ms
                expect: { valve: 10 }
            expect:
              - never: { valve: 100 }
              - count: { changes: valve, equals: 2 }
            """)
        XCTAssertEqual(rig.failures, ["11:14: 'valve' took a value it must never have | 'valve' never 100 | 100 at 1s"])
        let shown = rig.result.record.events(explaining: rig.result.failures[0], limit: 10)
        XCTAssertEqual(shown.last.map { SimulationRig.short(TraceText.line($0, of: rig.result.record)) },
                       #"{"at":"1s","event":"drive","output":"valve","value":100}"#,
                       "the context ends where it was seen")
    }

    func testChangesCountAValueStartUpDrivesAtZeroButNotTheInitialValue() throws {
        let rules = """
            inputs:
              temp: { mqtt: t, type: number, initial: 35 }
            outputs:
              fan: { gpio: { chip: c, line: 2 }, initial: off }
              lamp: { gpio: { chip: c, line: 3 }, initial: on }
            rules:
              - name: hot
                when: temp > 30
                hold: { fan: on, lamp: on }
            """
        let rig = try SimulationRig(rules: rules, scenario: """
            scenario: changes at start
            rules: rules.yaml
            start: 2026-07-01T12:00:00Z
            duration: 1m
            expect:
              - count: { changes: fan, equals: 1 }
              - count: { changes: lamp, equals: 0 }
            """)
        XCTAssertEqual(rig.failures, [])
        XCTAssertEqual(rig.drives("fan").map(\.0), [0])
        let cold = try SimulationRig(rules: rules, scenario: """
            scenario: changes at start
            rules: rules.yaml
            start: 2026-07-01T12:00:00Z
            duration: 1m
            initial: { temp: 20 }
            expect:
              - count: { changes: fan, equals: 1 }
            """)
        XCTAssertEqual(cold.failures, ["7:5: wrong number of changes of 'fan' | exactly 1 | 0"])
    }

    func testNumbersCompareWithinATolerance() {
        XCTAssertTrue(ExpectedValue.matches(.number(0.3), .number(0.1 + 0.2)))
        XCTAssertTrue(ExpectedValue.matches(.number(1e12), .number(1e12 + 1e-3)))
        XCTAssertFalse(ExpectedValue.matches(.number(0.3), .number(0.3001)))
        XCTAssertFalse(ExpectedValue.matches(.number(1), .bool(true)))
        XCTAssertFalse(ExpectedValue.matches(.string("on"), .bool(true)))
        XCTAssertEqual(ExpectedValue.text(.string("on")), "\"on\"")
        XCTAssertEqual(ExpectedValue.text(.bool(true)), "on")
    }

    func testMessagePatternsSearchAnywhereAndAnchorAtTheEnds() {
        let door = RunExpectation.MessageMatch.matches(Located(#"opened at \d{2}:\d{2}"#, at: .file("s.yaml")))
        XCTAssertTrue(MessagePattern(door).accepts("Door opened at 14:03, front"))
        XCTAssertFalse(MessagePattern(door).accepts("Door opened at 2pm"))
        let anchored = RunExpectation.MessageMatch.matches(Located("^hot$", at: .file("s.yaml")))
        XCTAssertTrue(MessagePattern(anchored).accepts("hot"))
        XCTAssertFalse(MessagePattern(anchored).accepts("too hot"))
        let accent = RunExpectation.MessageMatch.matches(Located("^.{4} °C$", at: .file("s.yaml")))
        XCTAssertTrue(MessagePattern(accent).accepts("31.5 °C"))
        let contains = RunExpectation.MessageMatch.contains(Located("hot", at: .file("s.yaml")))
        XCTAssertTrue(MessagePattern(contains).accepts("Greenhouse hot: 31 °C"))
        XCTAssertEqual(MessagePattern(contains).description, "containing \"hot\"")
    }
}
