import ReflexCore
import XCTest

@testable import ReflexSimulator

/// Inputs as their sources give them: raw MQTT messages through the decoders, GPIO edges through debounce and
/// `active_low`, at their exact instants.
final class SimulationInputTests: XCTestCase {
    static let head = """
        scenario: inputs
        rules: rules.yaml
        start: 2026-07-01T12:00:00Z
        duration: 1m

        """

    func testAMessageFeedsEveryMatchingInputTogetherAndAFailureIsCountedAndIgnored() throws {
        let rig = try SimulationRig(rules: """
            inputs:
              temp: { mqtt: sensors/+/climate, json: $.celsius, type: number }
              humidity: { mqtt: sensors/north/climate, json: $.rh, type: number }
              raw: { mqtt: sensors/#, type: string }
            state:
              runs: { type: number, initial: 0 }
            rules:
              - name: any
                on: [temp.update, humidity.update, raw.update]
                then:
                  - set: { runs: runs + 1 }
            """, scenario: Self.head + """
            steps:
              - at: 1s
                mqtt: { topic: sensors/north/climate, payload: '{"celsius": "31.5", "rh": 40}' }
              - at: 1s
                expect: { temp: 31.5, humidity: 40, runs: 1 }
              - at: 2s
                mqtt: { topic: sensors/north/climate, payload: '{"celsius": true}' }
              - at: 2s
                expect: { temp: 31.5, humidity: 40, raw: '{"celsius": true}', runs: 2 }
              - at: 3s
                mqtt: { topic: sensors/south/climate, payload: 'not json' }
              - at: 3s
                expect: { temp: 31.5, raw: not json, runs: 3 }
            """)
        XCTAssertEqual(rig.failures, [])
        XCTAssertEqual(rig.result.decodeFailures, 3)
        XCTAssertEqual(rig.trace.filter { $0.contains("\"at\":\"2s\"") }, [
            #"{"at":"2s","event":"decode_failure","input":"temp","reason":"expected a number, found a JSON bool"}"#,
            #"{"at":"2s","event":"decode_failure","input":"humidity","reason":"the payload has no value at $.rh"}"#,
            #"{"at":"2s","event":"update","input":"raw","value":"{\"celsius\": true}"}"#,
            #"{"at":"2s","event":"run","rule":"any","list":"then"}"#,
            #"{"at":"2s","event":"set","signal":"runs","value":2}"#,
            #"{"at":"2s","event":"expect","signal":"temp","expected":31.5,"actual":31.5,"ok":true}"#,
            #"{"at":"2s","event":"expect","signal":"humidity","expected":40,"actual":40,"ok":true}"#,
            #"{"at":"2s","event":"expect","signal":"raw","expected":"{\"celsius\": true}","#
                + #""actual":"{\"celsius\": true}","ok":true}"#,
            #"{"at":"2s","event":"expect","signal":"runs","expected":2,"actual":2,"ok":true}"#,
        ])
        let failures = rig.events.compactMap { event -> String? in
            guard case .decodeFailure(_, let topic, _) = event.kind else { return nil }
            return topic
        }
        XCTAssertEqual(failures, ["sensors/north/climate", "sensors/north/climate", "sensors/south/climate"])
    }

    func testSettleDebounceCommitsAtExactlyTheEndOfAStableLevel() throws {
        let rig = try SimulationRig(rules: """
            inputs:
              door: { gpio: { chip: c, line: 1 }, debounce: 20ms }
            """, scenario: Self.head + """
            initial: { door: false }
            steps:
              - at: 1s
                gpio: { door: rise }
              - at: 1s10ms
                gpio: { door: fall }
              - at: 2s
                gpio: { door: rise }
              - at: 2s19ms
                expect: { door: false }
              - at: 2s20ms
                expect: { door: true }
              - at: 3s
                gpio: { door: fall }
            """)
        XCTAssertEqual(rig.failures, [])
        XCTAssertEqual(rig.inputs("door").map(\.0), [2020, 3020])
        XCTAssertEqual(rig.inputs("door").map(\.1), [.bool(true), .bool(false)])
        XCTAssertEqual(rig.inputs("door").map(\.2), [.gpio, .gpio])
        XCTAssertEqual(rig.trace.filter { $0.contains(#""event":"edge""#) }, [
            #"{"at":"1s","event":"edge","input":"door","edge":"rise"}"#,
            #"{"at":"1s10ms","event":"edge","input":"door","edge":"fall"}"#,
            #"{"at":"2s","event":"edge","input":"door","edge":"rise"}"#,
            #"{"at":"3s","event":"edge","input":"door","edge":"fall"}"#,
        ])
    }

    func testLeadingDebounceCommitsAtOnceThenIgnoresTheLineForItsPeriod() throws {
        let rig = try SimulationRig(rules: """
            inputs:
              button: { gpio: { chip: c, line: 1 }, debounce: { leading: 50ms } }
            state:
              presses: { type: number, initial: 0 }
            rules:
              - name: press
                on: button.rise
                then:
                  - set: { presses: presses + 1 }
            """, scenario: Self.head + """
            initial: { button: false }
            steps:
              - at: 1s
                gpio: { button: rise }
              - at: 1s
                expect: { button: true, presses: 1 }
              - at: 1s10ms
                gpio: { button: fall }
              - at: 1s20ms
                gpio: { button: rise }
              - at: 1s30ms
                gpio: { button: fall }
              - at: 1s49ms
                expect: { button: true }
              - at: 1s50ms
                expect: { button: false }
              - at: 1s60ms
                gpio: { button: rise }
              - at: 1s99ms
                expect: { button: false, presses: 1 }
              - at: 1s100ms
                expect: { button: true, presses: 2 }
            """)
        XCTAssertEqual(rig.failures, [])
        XCTAssertEqual(rig.inputs("button").map(\.0), [1000, 1050, 1100])
    }

    func testADebounceDeadlineRunsBeforeAnEdgeAtTheSameInstant() throws {
        let rig = try SimulationRig(rules: """
            inputs:
              button: { gpio: { chip: c, line: 1 }, debounce: { leading: 50ms } }
            """, scenario: Self.head + """
            initial: { button: false }
            steps:
              - at: 1s
                gpio: { button: rise }
              - at: 1s10ms
                gpio: { button: fall }
              - at: 1s50ms
                gpio: { button: rise }
            """)
        // At 1s50ms the lockout ends first (the line is low: a fall commits and a new lockout starts), so the
        // rise at that instant falls in the new lockout and commits when it ends.
        XCTAssertEqual(rig.inputs("button").map(\.0), [1000, 1050, 1100])
        XCTAssertEqual(rig.inputs("button").map(\.1), [.bool(true), .bool(false), .bool(true)])
    }

    func testActiveLowInvertsTheLineBeforeTheEngineSeesIt() throws {
        let rig = try SimulationRig(rules: """
            inputs:
              door: { gpio: { chip: c, line: 1 }, active_low: true, debounce: 20ms }
            outputs:
              lamp: { gpio: { chip: c, line: 2 }, initial: off }
            rules:
              - name: open
                when: door
                hold: { lamp: on }
            """, scenario: Self.head + """
            steps:
              - at: 5s
                gpio: { door: rise }
              - at: 10s
                gpio: { door: fall }
              - at: 10s20ms
                expect: { door: true, lamp: on }
              - at: 20s
                gpio: { door: rise }
              - at: 20s20ms
                expect: { door: false, lamp: off }
            """)
        XCTAssertEqual(rig.failures, [])
        // With no initial value the line rests inactive (high, for active_low): the rise at 5s is no edge.
        XCTAssertEqual(rig.inputs("door").map(\.0), [10_020, 20_020])
        XCTAssertEqual(rig.drives("lamp").map(\.0), [10_020, 20_020])
    }

    func testASetOnAGPIOInputIsTheDebouncedLevelAndCancelsWhatWasPending() throws {
        let rig = try SimulationRig(rules: """
            inputs:
              door: { gpio: { chip: c, line: 1 }, debounce: 20ms }
            """, scenario: Self.head + """
            initial: { door: false }
            steps:
              - at: 1s
                gpio: { door: rise }
              - at: 1s10ms
                set: { door: false }
              - at: 1s30ms
                expect: { door: false }
              - at: 2s
                set: { door: true }
              - at: 3s
                gpio: { door: fall }
              - at: 3s20ms
                expect: { door: false }
            """)
        XCTAssertEqual(rig.failures, [])
        XCTAssertEqual(rig.inputs("door").map(\.2), [.step, .step, .gpio])
    }
}
