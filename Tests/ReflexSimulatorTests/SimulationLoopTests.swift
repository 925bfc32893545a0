import ReflexCore
import XCTest

@testable import ReflexSimulator

/// The run loop (SPEC §3, Precise semantics 2–4): what runs first at an instant, what a step sees, where the run
/// starts and ends.
final class SimulationLoopTests: XCTestCase {
    static let head = """
        scenario: loop
        rules: rules.yaml
        start: 2026-07-01T12:00:00Z

        """

    static let climate = """
        inputs:
          temp: { mqtt: t, type: number }
        outputs:
          fan: { gpio: { chip: c, line: 1 }, initial: off }

        """

    func testTimersDueAtAnInstantRunBeforeTheStepsThere() throws {
        let rig = try SimulationRig(rules: Self.climate + """
            rules:
              - name: hot
                when: temp > 30
                for: 1m
                hold: { fan: on }
            """, scenario: Self.head + """
            duration: 2m
            steps:
              - at: 0s
                set: { temp: 31 }
              - at: 1m
                expect: { fan: on }
              - at: 1m
                set: { temp: 20 }
              - at: 1m
                expect: { fan: off }
            """)
        XCTAssertEqual(rig.failures, [])
        XCTAssertEqual(rig.trace, [
            #"{"at":"0s","event":"start"}"#,
            #"{"at":"0s","event":"update","input":"temp","value":31}"#,
            #"{"at":"0s","event":"waiting","rule":"hot","due":"1m"}"#,
            #"{"at":"1m","event":"timer","timer":"for","rule":"hot"}"#,
            #"{"at":"1m","event":"activated","rule":"hot"}"#,
            #"{"at":"1m","event":"drive","output":"fan","value":true}"#,
            #"{"at":"1m","event":"expect","signal":"fan","expected":true,"actual":true,"ok":true}"#,
            #"{"at":"1m","event":"update","input":"temp","value":20}"#,
            #"{"at":"1m","event":"released","rule":"hot"}"#,
            #"{"at":"1m","event":"drive","output":"fan","value":false}"#,
            #"{"at":"1m","event":"expect","signal":"fan","expected":false,"actual":false,"ok":true}"#,
            #"{"at":"2m","event":"end"}"#,
        ])
    }

    func testAnExpectStepSeesEverythingBeforeItAtItsInstant() throws {
        let rig = try SimulationRig(rules: Self.climate + """
            vars:
              warm: temp > 25
            state:
              seen: { type: number, initial: 0 }
            rules:
              - name: count
                on: temp.update
                then:
                  - set: { seen: seen + 1 }
            """, scenario: Self.head + """
            duration: 1m
            steps:
              - at: 30s
                set: { temp: 26 }
              - at: 30s
                expect: { temp: 26, warm: true, seen: 1 }
              - at: 30s
                set: { temp: 20 }
              - at: 30s
                expect: { temp: 20, warm: false, seen: 2 }
            """)
        XCTAssertEqual(rig.failures, [])
    }

    func testSettingTheSameValueIsAnUpdateThatFiresUpdateButNotChange() throws {
        let rig = try SimulationRig(rules: Self.climate + """
            notifiers:
              ops: { mqtt: alerts }
            rules:
              - name: updated
                on: temp.update
                then:
                  - notify: ops
                    message: "update {{ temp }}"
              - name: changed
                on: temp.change
                then:
                  - notify: ops
                    message: "change {{ temp }}"
            """, scenario: Self.head + """
            duration: 1m
            steps:
              - at: 10s
                set: { temp: 21 }
              - at: 20s
                set: { temp: 21 }
            expect:
              - count: { notify: ops, equals: 3 }
            """)
        XCTAssertEqual(rig.failures, [])
        XCTAssertEqual(rig.notifications.map(\.1), ["update 21", "change 21", "update 21"])
        XCTAssertEqual(rig.notifications.map(\.0), [10_000, 10_000, 20_000])
    }

    func testTheValuesOfOneStepApplyTogether() throws {
        let rig = try SimulationRig(rules: """
            inputs:
              a: { mqtt: a, type: number }
              b: { mqtt: b, type: number }
            state:
              runs: { type: number, initial: 0 }
            rules:
              - name: either
                on: [a.update, b.update]
                then:
                  - set: { runs: runs + 1 }
            """, scenario: Self.head + """
            duration: 1m
            steps:
              - at: 1s
                set: { a: 1, b: 2 }
              - at: 1s
                expect: { runs: 1 }
            """)
        XCTAssertEqual(rig.failures, [])
    }

    func testInitialValuesFireNothingAddNoSampleAndStartUpRunsAtZero() throws {
        let rig = try SimulationRig(rules: Self.climate + """
            notifiers:
              ops: { mqtt: alerts }
            vars:
              sampled: avg(temp, 1m) > 0
            rules:
              - name: changed
                on: temp.change
                then:
                  - notify: ops
                    message: "changed"
              - name: hot
                when: temp > 30
                hold: { fan: on }
              - name: hello
                on: startup
                then:
                  - notify: ops
                    message: "started, fan {{ fan }}"
            """, scenario: Self.head + """
            duration: 1m
            initial: { temp: 35 }
            steps:
              - at: 0s
                expect: { temp: 35, fan: on, sampled: false }
            expect:
              - count: { notify: ops, equals: 1 }
              - count: { changes: fan, equals: 1 }
            """)
        XCTAssertEqual(rig.failures, [])
        XCTAssertEqual(rig.notifications.map(\.1), ["started, fan on"])
        XCTAssertEqual(rig.drives("fan").map(\.0), [0])
    }

    func testWhatIsDueAtTheEndStillRunsAndNothingAfter() throws {
        let rig = try SimulationRig(rules: Self.climate + """
            notifiers:
              ops: { mqtt: alerts }
            rules:
              - name: tick
                on: every 1m
                then:
                  - notify: ops
                    message: "tick"
            """, scenario: Self.head + """
            duration: 3m
            steps:
              - at: 3m
                expect: { fan: off }
            expect:
              - count: { notify: ops, equals: 3 }
            """)
        XCTAssertEqual(rig.failures, [])
        XCTAssertEqual(rig.notifications.map(\.0), [60_000, 120_000, 180_000])
        XCTAssertEqual(rig.trace.last, #"{"at":"3m","event":"end"}"#)
        XCTAssertEqual(rig.result.duration, 180_000)
    }

    func testScenarioInitialOnAnOutputIsItsFallback() throws {
        let rig = try SimulationRig(rules: Self.climate + """
            rules:
              - name: hot
                when: temp > 30
                hold: { fan: off }
            """, scenario: Self.head + """
            duration: 1m
            initial: { fan: on }
            steps:
              - at: 10s
                set: { temp: 31 }
              - at: 20s
                set: { temp: 20 }
              - at: 20s
                expect: { fan: on }
            expect:
              - count: { changes: fan, equals: 2 }
            """)
        XCTAssertEqual(rig.failures, [])
        XCTAssertEqual(rig.drives("fan").map(\.0), [10_000, 20_000])
    }

    func testTheSameSimulationGivesTheSameRecordTwice() throws {
        let rules = Self.climate + """
            vars:
              average: avg(temp, 30s)
            rules:
              - name: hot
                when: average > 28
                for: 10s
                hold: { fan: on }
            """
        let scenario = Self.head + """
            duration: 10m
            models:
              temp:
                first_order: { initial: 25, ambient: 40, tau: 2m, gain: { fan: -30 } }
            """
        let first = try SimulationRig(rules: rules, scenario: scenario)
        let second = try SimulationRig(rules: rules, scenario: scenario)
        XCTAssertGreaterThan(first.events.count, 600)
        XCTAssertTrue(first.events == second.events, "the two runs differ")
        XCTAssertTrue(first.result.timeline == second.result.timeline, "the two timelines differ")
    }
}
