import Foundation
import ReflexCore
import XCTest

@testable import ReflexSimulator

/// Models in the loop: a plant sees each output value for exactly as long as it was driven, and publishes on its
/// own grid; signals publish at their changes.
final class SimulationModelTests: XCTestCase {
    static let rules = """
        inputs:
          temp: { mqtt: t, type: number }
          boost: { mqtt: b, type: bool }
        outputs:
          fan: { gpio: { chip: c, line: 1 }, initial: off }
        rules:
          - name: cool
            when: temp > 30
            until: temp < 26
            hold: { fan: on }
          - name: boost
            when: boost
            hold: { fan: on }

        """

    static func scenario(_ rest: String = "") -> String {
        """
        scenario: plant
        rules: rules.yaml
        start: 2026-07-01T12:00:00Z
        duration: 5m
        models:
          temp:
            first_order: { initial: 25, ambient: 40, tau: 2m, gain: { fan: -30 } }

        """ + rest
    }

    /// `target + (from - target) × e^(-dt / 2m)`.
    static func lag(from: Double, target: Double, ms: Int64) -> Double {
        target + (from - target) * exp(-Double(ms) / 120_000)
    }

    func testTheModelClosesTheLoopThroughTheRules() throws {
        let rig = try SimulationRig(rules: Self.rules, scenario: Self.scenario())
        XCTAssertEqual(rig.failures, [])
        // The same plant and rule worked out by hand on the 1s grid.
        var expected: [Int64] = []
        var value = 25.0
        var on = false
        for k in Int64(1)...300 {
            value = Self.lag(from: value, target: on ? 10 : 40, ms: 1000)
            if !on && value > 30 || on && value < 26 {
                on.toggle()
                expected.append(k * 1000)
            }
        }
        XCTAssertGreaterThanOrEqual(expected.count, 4)
        XCTAssertEqual(rig.drives("fan").map(\.0), expected)
        let published = rig.inputs("temp")
        XCTAssertEqual(published.count, 300)
        XCTAssertEqual(published.first?.0, 1000)
        XCTAssertEqual(published.last?.0, 300_000)
        XCTAssertTrue(published.allSatisfy { $0.2 == .model })
    }

    func testThePlantSeesAnOutputFromTheExactInstantItIsDriven() throws {
        let rig = try SimulationRig(rules: Self.rules, scenario: Self.scenario("""
            steps:
              - at: 10s500ms
                set: { boost: true }
              - at: 20s250ms
                set: { boost: false }

            """))
        let values = Dictionary(uniqueKeysWithValues: rig.inputs("temp").map { ($0.0, $0.1) })
        let at10500 = Self.lag(from: 25, target: 40, ms: 10_500)
        let at11 = Self.lag(from: at10500, target: 10, ms: 500)
        XCTAssertEqual(values[11_000].flatMap { if case .number(let d) = $0 { d } else { nil } } ?? 0, at11,
                       accuracy: 1e-12)
        let at20250 = Self.lag(from: at10500, target: 10, ms: 9750)
        let at21 = Self.lag(from: at20250, target: 40, ms: 750)
        XCTAssertEqual(values[21_000].flatMap { if case .number(let d) = $0 { d } else { nil } } ?? 0, at21,
                       accuracy: 1e-12)
    }

    func testTheModelsValueAtZeroIsTheInputsInitialValue() throws {
        let rig = try SimulationRig(rules: Self.rules, scenario: Self.scenario("""
            steps:
              - at: 0s
                expect: { temp: 25 }
              - at: 1s
                expect: { temp: \(ValueText.number(Self.lag(from: 25, target: 40, ms: 1000))) }

            """))
        XCTAssertEqual(rig.failures, [])
    }

    func testASquareWaveDrivesABoolInputAtItsEdges() throws {
        let rig = try SimulationRig(rules: """
            inputs:
              pump: { mqtt: p, type: bool }
            state:
              starts: { type: number, initial: 0 }
            rules:
              - name: started
                on: pump.rise
                then:
                  - set: { starts: starts + 1 }
            """, scenario: """
            scenario: square
            rules: rules.yaml
            start: 2026-07-01T12:00:00Z
            duration: 1m
            models:
              pump:
                signal: { square: { low: off, high: on, period: 20s, duty: 0.25 } }
            steps:
              - at: 1m
                expect: { starts: 3, pump: on }
            """)
        XCTAssertEqual(rig.failures, [])
        XCTAssertEqual(rig.inputs("pump").map(\.0), [5000, 20_000, 25_000, 40_000, 45_000, 60_000])
        XCTAssertEqual(rig.inputs("pump").map(\.1), [.bool(false), .bool(true), .bool(false), .bool(true),
                                                      .bool(false), .bool(true)])
    }
}
