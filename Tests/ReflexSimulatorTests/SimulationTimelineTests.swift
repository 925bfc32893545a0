import ReflexCore
import XCTest

@testable import ReflexSimulator

/// What a run gives the timeline picture: series per signal, panels shared with what a var averages, markers.
final class SimulationTimelineTests: XCTestCase {
    func testARunBecomesSeriesPanelsAndMarkers() throws {
        let rig = try SimulationRig(rules: """
            inputs:
              temp: { mqtt: t, type: number }
              mode: { mqtt: m, type: string, initial: auto }
            outputs:
              fan: { gpio: { chip: c, line: 1 }, initial: off }
              vent: { mqtt: v, type: number }
            notifiers:
              ops: { mqtt: alerts }
            vars:
              average: avg(temp, 10m)
            rules:
              - name: hot
                when: average > 30
                hold: { fan: on, vent: 100 }
                then:
                  - notify: ops
                    message: "hot"
                else:
                  - log: "cooled"
            """, scenario: """
            scenario: picture
            rules: rules.yaml
            start: 2026-07-01T12:00:00Z
            duration: 5m
            steps:
              - at: 1m
                set: { temp: 35 }
              - at: 3m
                set: { temp: 20 }
            """)
        let timeline = try XCTUnwrap(rig.result.timeline)
        XCTAssertEqual(timeline.title, "picture")
        XCTAssertEqual(timeline.start, rig.result.record.start)
        XCTAssertEqual(timeline.end - timeline.start, 300_000)
        XCTAssertEqual(timeline.numeric.map(\.name), ["temp", "vent", "average"])
        XCTAssertEqual(timeline.numeric.map(\.unit), ["temp", "vent", "temp"], "the average shares temp's panel")
        XCTAssertEqual(timeline.bools.map(\.name), ["fan"])
        let start = timeline.start
        XCTAssertEqual(timeline.bools[0].points, [
            .init(t: start, value: false), .init(t: start + 60_000, value: true), .init(t: start + 180_000, value: false),
        ])
        XCTAssertEqual(timeline.numeric[0].points, [
            .init(t: start, value: nil), .init(t: start + 60_000, value: 35), .init(t: start + 180_000, value: 20),
        ])
        XCTAssertEqual(timeline.markers.map(\.kind), [.ruleActivated, .notification, .ruleReleased, .log])
        XCTAssertEqual(timeline.markers.map(\.label), ["hot", "ops: hot", "hot", "hot: cooled"])
        XCTAssertEqual(timeline.markers.map { $0.t - start }, [60_000, 60_000, 180_000, 180_000])
    }
}
