import Foundation
import ReflexConfig
import ReflexCore
import ReflexSimulator
import XCTest

/// Every bad scenario under Fixtures/bad reports exactly its golden diagnostics, rendered like a bad rule file's.
final class ScenarioGoldenTests: XCTestCase {
    /// A fixed environment so the output does not depend on the machine.
    static let ruleLoader = RuleSetLoader(environment: [:])

    static func check(_ path: String) -> ScenarioCheck {
        Fixtures.inDirectory { ScenarioCheck(path: path, ruleLoader: ruleLoader) }
    }

    func testBadScenariosReportTheirGoldenErrors() {
        let cases = Fixtures.files(in: "bad")
        XCTAssertGreaterThanOrEqual(cases.count, 40)
        for path in cases {
            let check = Self.check(path)
            XCTAssertGreaterThan(check.errorCount, 0, "\(path) should have an error")
            XCTAssertNil(check.scenario, "\(path) must not give a scenario")
            let golden = Fixtures.directory.appendingPathComponent(path).deletingPathExtension()
                .appendingPathExtension("expected")
            if let failure = Fixtures.compare(check.rendered(), golden: golden) { XCTFail(failure) }
        }
    }

    func testGoodScenariosLoadCleanly() {
        let cases = Fixtures.files(in: "good")
        XCTAssertGreaterThanOrEqual(cases.count, 4)
        for path in cases {
            let check = Self.check(path)
            XCTAssertEqual(check.rendered(), "", path)
            XCTAssertNotNil(check.scenario, path)
            XCTAssertNotNil(check.program, path)
        }
    }

    func testAScenarioWithSeveralMistakesReportsEachOfThem() {
        let text = """
            scenario: many
            rules: ../rules/greenhouse.yaml
            start: 2026-07-01T25:00:00
            duration: 10m
            initial: { temp: hot }
            steps:
              - at: 2m
                set: { fan: on }
              - at: 1m
                gpio: { temp: rise }
              - at: 11m
                mqtt: { topic: nowhere, payload: x }
            expect:
              - notify: opps
              - count: { changes: temp, equals: 1 }

            """
        let check = Fixtures.inDirectory {
            ScenarioCheck(ScenarioLoader().load(text: text, file: "bad/many.yaml"), ruleLoader: Self.ruleLoader)
        }
        let lines = check.diagnostics.filter { $0.severity == .error }.map(\.range.start.line)
        XCTAssertEqual(lines, [3, 5, 8, 9, 10, 11, 12, 14, 15], check.rendered())
    }

    func testRuleSetErrorsAreReportedInTheRuleFile() {
        let check = Self.check("bad/rules-with-error.yaml")
        let files = Set(check.diagnostics.map(\.range.file))
        XCTAssertEqual(files, ["bad/rules-with-error.yaml", "rules/broken.yaml"])
        XCTAssertNil(check.program)
    }
}
