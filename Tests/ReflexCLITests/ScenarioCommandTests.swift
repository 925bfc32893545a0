import Foundation
import XCTest

/// `reflex test` and `reflex simulate` as a user runs them: status lines, failure reports, traces, exit codes.
final class ScenarioCommandTests: XCTestCase {
    static let fixtures = "Tests/ReflexCLITests/Fixtures"

    static func reflex(_ arguments: [String]) throws -> CommandLineTests.Run {
        try CommandLineTests.reflex(arguments)
    }

    /// The output with the wall-clock time of each run replaced, so that it can be compared with a golden file.
    static func steady(_ text: String) -> String {
        text.replacingOccurrences(of: #"simulated in [0-9.]+m?s"#, with: "simulated in <wall time>",
                                  options: .regularExpression)
    }

    static func compare(_ actual: String, golden name: String) throws {
        let golden = CommandLineTests.repository.appendingPathComponent("Tests/ReflexCLITests/Golden/\(name)")
        if ProcessInfo.processInfo.environment["REFLEX_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        XCTAssertEqual(actual, expected, "differs from Golden/\(name); REFLEX_UPDATE_GOLDEN=1 rewrites it")
    }

    func testAPassingScenarioExitsZero() throws {
        let run = try Self.reflex(["test", "\(Self.fixtures)/scenarios/cold-morning.yaml"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let lines = run.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, run.stdout)
        XCTAssertTrue(lines[0].hasPrefix("PASS cold morning: 10m simulated in "), run.stdout)
        XCTAssertTrue(lines[0].hasSuffix(" (\(Self.fixtures)/scenarios/cold-morning.yaml)"), run.stdout)
        XCTAssertEqual(lines.last, "1 passed, 0 failed")
    }

    /// The example scenarios shipped in `simulators/` all pass against the example rule sets, each with its
    /// own status line.
    func testTheExampleScenariosAllPass() throws {
        let folder = CommandLineTests.repository.appendingPathComponent("simulators")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }
            .sorted()
        XCTAssertFalse(files.isEmpty, "no scenarios in simulators/")
        let run = try Self.reflex(["test", "simulators/"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.last, "\(files.count) passed, 0 failed", run.stdout)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let line = text.split(separator: "\n").first { $0.hasPrefix("scenario: ") }
            let name = try XCTUnwrap(line, "\(file) has no 'scenario:' name").dropFirst("scenario: ".count)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            XCTAssertTrue(lines.contains { $0.hasPrefix("PASS \(name): ") && $0.hasSuffix(" (simulators/\(file))") },
                          "no pass line for '\(name)' (\(file)) in:\n\(run.stdout)")
        }
    }

    func testAWrongExpectationExitsOneWithItsPlaceValuesAndTrace() throws {
        let file = "\(Self.fixtures)/scenarios/impatient.yaml"
        let run = try Self.reflex(["test", file])
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("FAIL impatient: 5m simulated in "), run.stdout)
        XCTAssertTrue(run.stdout.contains("\(file):13:15: error: 'heater' at 1m30s is not as expected\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("  expected: on\n  actual:   off\n"), run.stdout)
        let check = #"    {"at":"1m30s","time":"2026-01-15T06:01:30.000+01:00","event":"expect""#
        XCTAssertTrue(run.stdout.contains(check), run.stdout)
        XCTAssertTrue(run.stdout.hasSuffix("\n0 passed, 1 failed\n"), run.stdout)
        try Self.compare(Self.steady(run.stdout), golden: "test-impatient.txt")
    }

    func testADirectoryRunsEveryScenarioInNameOrder() throws {
        let run = try Self.reflex(["test", "\(Self.fixtures)/scenarios"])
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        let status = run.stdout.split(separator: "\n").filter { $0.hasPrefix("PASS") || $0.hasPrefix("FAIL") }
        XCTAssertEqual(status.map { $0.prefix(4) }, ["PASS", "FAIL"])
        XCTAssertTrue(status[0].contains("cold morning"))
        XCTAssertTrue(run.stdout.hasSuffix("\n1 passed, 1 failed\n"), run.stdout)
    }

    func testAnInvalidScenarioExitsTwoWithItsDiagnostics() throws {
        let file = "\(Self.fixtures)/invalid/unknown-signal.yaml"
        let run = try Self.reflex(["test", file, "\(Self.fixtures)/scenarios/cold-morning.yaml"])
        XCTAssertEqual(run.status, 2, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("\(file):7:15: error: unknown signal 'heatr'; did you mean 'heater'?\n"),
                      run.stdout)
        XCTAssertTrue(run.stdout.contains("PASS cold morning"), run.stdout)
        XCTAssertTrue(run.stdout.hasSuffix("\n1 passed, 1 failed\n"), run.stdout)
        let simulate = try Self.reflex(["simulate", file])
        XCTAssertEqual(simulate.status, 2)
        XCTAssertTrue(simulate.stderr.contains("unknown signal 'heatr'"), simulate.stderr)
        XCTAssertEqual(simulate.stdout, "")
    }

    func testARuleSetWithErrorsExitsTwoWithTheRuleFilesDiagnostics() throws {
        let run = try Self.reflex(["test", "Tests/ReflexSimulatorTests/Fixtures/bad/rules-with-error.yaml"])
        XCTAssertEqual(run.status, 2, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("Tests/ReflexSimulatorTests/Fixtures/rules/broken.yaml:"), run.stdout)
        XCTAssertTrue(run.stdout.contains("this scenario cannot run until it compiles"), run.stdout)
        XCTAssertTrue(run.stdout.hasSuffix("\n0 passed, 1 failed\n"), run.stdout)
    }

    func testUsageErrorsExitTwo() throws {
        let missing = try Self.reflex(["test", "no/such/scenarios"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no/such/scenarios"), missing.stderr)
        XCTAssertEqual(try Self.reflex(["test", "\(Self.fixtures)/rules/../../Golden"]).status, 2,
                       "a directory without scenarios")
        XCTAssertEqual(try Self.reflex(["simulate"]).status, 2)
        XCTAssertEqual(try Self.reflex(["simulate", "a.yaml", "b.yaml"]).status, 2)
    }

    func testSimulatePrintsTheTraceAndWritesThePicture() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reflex-simulate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plot = dir.appendingPathComponent("run.svg")
        let scenario = "\(Self.fixtures)/scenarios/cold-morning.yaml"
        let run = try Self.reflex(["simulate", scenario, "--plot", plot.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        for line in run.stdout.split(separator: "\n") {
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), String(line))
            XCTAssertTrue(line.hasPrefix(#"{"at":""#), String(line))
        }
        try Self.compare(run.stdout, golden: "cold-morning.trace.jsonl")
        XCTAssertTrue(run.stderr.hasPrefix("PASS cold morning"), run.stderr)
        let svg = try String(contentsOf: plot, encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<?xml"), svg)
        XCTAssertTrue(svg.contains(">heater<"), svg)

        let trace = dir.appendingPathComponent("run.jsonl")
        let toFile = try Self.reflex(["simulate", scenario, "--trace", trace.path])
        XCTAssertEqual(toFile.status, 0, toFile.stderr)
        XCTAssertEqual(toFile.stdout, "")
        XCTAssertEqual(try String(contentsOf: trace, encoding: .utf8), run.stdout)
    }

    func testSimulateReportsFailuresOnStandardErrorAndExitsOne() throws {
        let run = try Self.reflex(["simulate", "\(Self.fixtures)/scenarios/impatient.yaml"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("impatient.yaml:13:15: error: 'heater' at 1m30s is not as expected"),
                      run.stderr)
        XCTAssertTrue(run.stderr.contains("FAIL impatient"), run.stderr)
        XCTAssertTrue(run.stdout.hasSuffix(#""event":"end"}"# + "\n"), run.stdout)
    }
}
