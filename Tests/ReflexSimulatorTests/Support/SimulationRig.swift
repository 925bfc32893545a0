import Foundation
import ReflexConfig
import ReflexCore
import XCTest

@testable import ReflexSimulator

/// A rule set and a scenario written as text to a fresh folder, checked, and run: the loop as `reflex test` runs it.
struct SimulationRig {
    let folder: URL
    let check: ScenarioCheck
    let result: SimulationResult

    /// `rules` without its `reflex: 1` and `timezone` lines (the zone is `timezone`, none when nil); the scenario
    /// names the rules as `rules: rules.yaml`.
    init(rules: String, scenario: String, timezone: String? = "UTC", file: StaticString = #filePath,
         line: UInt = #line) throws
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reflex-sim-\(UUID().uuidString)")
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let zone = timezone.map { "timezone: \($0)\n" } ?? ""
        try ("reflex: 1\n" + zone + rules).write(to: folder.appendingPathComponent("rules.yaml"),
                                                           atomically: true, encoding: .utf8)
        let scenarioURL = folder.appendingPathComponent("scenario.yaml")
        try scenario.write(to: scenarioURL, atomically: true, encoding: .utf8)
        check = ScenarioCheck(path: scenarioURL.path, ruleLoader: RuleSetLoader(environment: [:]))
        let simulation = try XCTUnwrap(try Simulation(check), check.rendered(), file: file, line: line)
        result = simulation.run()
    }

    var events: [RunEvent] { result.record.events }

    /// The trace, a line per event, with the `time` field left out so that lines read short.
    var trace: [String] {
        result.record.events.map { Self.short(TraceText.line($0, of: result.record)) }
    }

    /// A trace line without its `time` field.
    static func short(_ line: String) -> String {
        line.replacingOccurrences(of: #","time":"[^"]*""#, with: "", options: .regularExpression)
    }

    func slot(_ name: String) -> Int { result.record.program.signals.firstIndex { $0.name == name }! }

    /// (instant, value) of every change driven to an output.
    func drives(_ name: String) -> [(Int64, Value)] {
        let s = slot(name)
        return events.compactMap {
            if case .effect(.drive(let d, let v)) = $0.kind, d == s { return ($0.at, v) }
            return nil
        }
    }

    /// (instant, value, origin) of every update of an input.
    func inputs(_ name: String) -> [(Int64, Value, RunEvent.Origin)] {
        let s = slot(name)
        return events.compactMap {
            if case .input(let i, let v, let o) = $0.kind, i == s { return ($0.at, v, o) }
            return nil
        }
    }

    /// (instant, message) of every notification.
    var notifications: [(Int64, String)] {
        events.compactMap {
            if case .effect(.notify(let n)) = $0.kind { return ($0.at, n.message) }
            return nil
        }
    }

    /// Each failure as `line:column: summary | expected | actual`.
    var failures: [String] {
        result.failures.map {
            "\($0.range.start.line):\($0.range.start.column): \($0.summary) | \($0.expected) | \($0.actual)"
        }
    }
}
