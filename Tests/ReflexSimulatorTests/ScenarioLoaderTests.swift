import ReflexConfig
import ReflexCore
@testable import ReflexSimulator
import XCTest

/// What a valid scenario decodes to: every part kept with its position, values typed against the rule set.
final class ScenarioLoaderTests: XCTestCase {
    private func check(_ path: String) -> ScenarioCheck {
        Fixtures.inDirectory { ScenarioCheck(path: path, ruleLoader: RuleSetLoader(environment: [:])) }
    }

    func testTheSpecExampleDecodesEveryPart() throws {
        let check = check("good/hot-afternoon.yaml")
        let s = try XCTUnwrap(check.scenario, check.rendered())
        XCTAssertEqual(s.name.value, "hot afternoon")
        XCTAssertEqual(s.rules.value, "../rules/greenhouse.yaml")
        XCTAssertEqual(s.rulesPath, "rules/greenhouse.yaml")
        XCTAssertEqual(s.start.value, ScenarioStart(year: 2026, month: 7, day: 1, hour: 14, minute: 0, second: 0))
        XCTAssertEqual(s.start.range.start, SourcePosition(line: 3, column: 8))
        XCTAssertEqual(s.timezone?.value, "Europe/Berlin")
        XCTAssertEqual(s.duration.value, 30 * 60_000)
        XCTAssertEqual(s.initial.map(\.value), [.number(22), .bool(false), .string("auto"), .bool(false), .bool(true)])
        XCTAssertEqual(s.steps.map(\.at.value), [30_000, 60_000, 180_000, 180_000, 181_000, 1_800_000])
        guard case .mqtt(let topic, let payload) = s.steps[1].action else { return XCTFail("mqtt step") }
        XCTAssertEqual(topic.value, "greenhouse/sensors/north/temp")
        XCTAssertEqual(payload.value, "{\"celsius\": 31.5}")
        guard case .gpio(let edges) = s.steps[2].action else { return XCTFail("gpio step") }
        XCTAssertEqual(edges.map(\.edge.value), [.rise])
        guard case .expect(let values) = s.steps[4].action else { return XCTFail("expect step") }
        XCTAssertEqual(values.map(\.value), [.bool(true), .bool(true), .number(31), .string("hot"), .bool(true)])
        XCTAssertEqual(values[0].name.range.start, SourcePosition(line: 20, column: 15))

        guard case .firstOrder(let model) = s.models.first?.kind else { return XCTFail("first_order model") }
        XCTAssertEqual(model.tau.value, 20 * 60_000)
        XCTAssertEqual(model.gains.map(\.output.value), ["fan", "vent"])
        XCTAssertEqual(model.gains.map(\.gain.value), [-8, -0.05])
        XCTAssertEqual(model.every?.value, 5000)

        XCTAssertEqual(s.expectations.count, 5)
        guard case .notify(let n) = s.expectations[0].kind else { return XCTFail("notify") }
        XCTAssertEqual(n.notifier.value, "ops")
        XCTAssertEqual(n.between?.from.value, 120_000)
        XCTAssertEqual(n.between?.to.value, 180_000)
        guard case .contains(let text) = n.message else { return XCTFail("contains") }
        XCTAssertEqual(text.value, "hot")
        guard case .never(let never) = s.expectations[2].kind else { return XCTFail("never") }
        XCTAssertEqual(never.value, .number(0))
        guard case .count(let count) = s.expectations[4].kind, case .changes(let output) = count.subject else {
            return XCTFail("count changes")
        }
        XCTAssertEqual(output.value, "vent")
        XCTAssertEqual(count.comparison.value, .atMost)
        XCTAssertEqual(count.count.value, 2)
    }

    func testSignalModelsAndDefaults() throws {
        let s = try XCTUnwrap(check("good/signals.yaml").scenario)
        XCTAssertEqual(s.name.value, "signals")
        XCTAssertEqual(s.start.value.offsetMinutes, 840)
        XCTAssertEqual(s.start.value.millisecond, 500)
        guard case .square(let square) = s.models[1].kind else { return XCTFail("square") }
        XCTAssertEqual(square.low.value, .bool(false))
        XCTAssertEqual(square.high.value, .bool(true))
        XCTAssertEqual(square.duty?.value, 0.25)
        guard case .sine(let sine) = s.models[0].kind else { return XCTFail("sine") }
        XCTAssertNil(sine.every)

        let walk = try XCTUnwrap(check("good/walk.yaml").scenario)
        XCTAssertEqual(walk.rulesPath, "rules/split")
        XCTAssertEqual(walk.expectations.count, 3, "each pair of 'never' is its own expectation")
        guard case .randomWalk(let r) = walk.models[0].kind else { return XCTFail("random walk") }
        XCTAssertEqual(r.seed.value, 42)
        XCTAssertEqual(r.min?.value, 0)
        XCTAssertEqual(r.max?.value, 100)
    }

    func testAFileThatIsMissingOrEmpty() {
        let missing = ScenarioLoader().load(path: "/nonexistent/scenario.yaml")
        XCTAssertEqual(missing.diagnostics.map(\.message), ["no such file or directory"])
        XCTAssertNil(missing.scenario)
        let empty = ScenarioLoader().load(text: "", file: "empty.yaml")
        XCTAssertEqual(empty.diagnostics.map(\.message),
                       ["the scenario file is empty; it needs at least 'rules', 'start' and 'duration'"])
    }

    func testLoadingAloneReportsFileErrorsWithoutTheRuleSet() {
        let loaded = ScenarioLoader().load(text: "rules: r.yaml\nstart: 2026-07-01T14:00:00\nduration: 1m\nstep: []\n",
                                           file: "s.yaml")
        XCTAssertEqual(loaded.diagnostics.map(\.message), ["unknown key 'step' in a scenario; did you mean 'steps'?"])
        XCTAssertNil(loaded.scenario)
    }

    func testRulePathsResolveAgainstTheScenarioFolder() {
        XCTAssertEqual(ScenarioPath.resolve("../rules/a.yaml", from: "simulators/hot.yaml"), "rules/a.yaml")
        XCTAssertEqual(ScenarioPath.resolve("../rules/a.yaml", from: "hot.yaml"), "../rules/a.yaml")
        XCTAssertEqual(ScenarioPath.resolve("./a.yaml", from: "/srv/sim/hot.yaml"), "/srv/sim/a.yaml")
        XCTAssertEqual(ScenarioPath.resolve("/etc/reflex/rules/", from: "sim/hot.yaml"), "/etc/reflex/rules")
        XCTAssertEqual(ScenarioPath.resolve("../../x", from: "a/hot.yaml"), "../x")
    }

    func testMissingRuleFileSuggestsANeighbour() {
        let check = check("bad/missing-rules-file.yaml")
        XCTAssertEqual(check.diagnostics.map(\.message), [
            "cannot use 'rules/greenhous.yaml' as a rule set: no such file or directory; "
                + "did you mean '../rules/greenhouse.yaml'?",
        ])
    }
}
