import ReflexConfig
import ReflexCore
import XCTest

/// Action lists compile to flat steps: nested `if` becomes branches and jumps in the same list.
final class ActionStepsTests: XCTestCase {
    static func listing(_ steps: [Program.Step]) -> [String] {
        steps.enumerated().map { i, step in
            switch step {
            case .set: "\(i) set"
            case .toggle: "\(i) toggle"
            case .pulse: "\(i) pulse"
            case .notify: "\(i) notify"
            case .publish: "\(i) publish"
            case .delay(let ms): "\(i) delay \(DurationText.format(ms))"
            case .log: "\(i) log"
            case .branch(_, let otherwise): "\(i) unless -> \(otherwise)"
            case .jump(let target): "\(i) jump -> \(target)"
            }
        }
    }

    func testNestedIfsFlattenWithExactTargets() throws {
        let text = """
            reflex: 1
            inputs:
              door: { gpio: { chip: gpiochip0, line: 4 } }
              temp: { mqtt: t, type: number }
            outputs:
              siren: { gpio: { chip: gpiochip0, line: 5 } }
            state:
              armed: { type: bool, initial: true }
            rules:
              - name: door
                on: door.rise
                then:
                  - log: opened
                  - if: armed
                    then:
                      - pulse: { siren: on, for: 30s }
                      - if: temp > 30
                        then:
                          - delay: 5m
                          - set: { armed: false }
                    else:
                      - log: disarmed
                  - toggle: siren
            """
        let check = RuleSetCheck(loader: RuleSetLoader(environment: [:]), text: text, file: "steps.yaml")
        let program = try XCTUnwrap(check.program, check.rendered())
        XCTAssertEqual(Self.listing(program.rules[0].then), [
            "0 log",
            "1 unless -> 7",
            "2 pulse",
            "3 unless -> 6",
            "4 delay 5m",
            "5 set",
            "6 jump -> 8",
            "7 log",
            "8 toggle",
        ])
    }

    func testAnIfWithoutElseNeedsNoJump() throws {
        let text = """
            reflex: 1
            inputs:
              door: { gpio: { chip: gpiochip0, line: 4 } }
            outputs:
              siren: { gpio: { chip: gpiochip0, line: 5 } }
            rules:
              - name: door
                on: door.rise
                then:
                  - if: door
                    then:
                      - set: { siren: on }
                  - log: done
            """
        let check = RuleSetCheck(loader: RuleSetLoader(environment: [:]), text: text, file: "steps.yaml")
        let program = try XCTUnwrap(check.program, check.rendered())
        XCTAssertEqual(Self.listing(program.rules[0].then), ["0 unless -> 2", "1 set", "2 log"])
    }
}
