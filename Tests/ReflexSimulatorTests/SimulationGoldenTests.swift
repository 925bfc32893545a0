import Foundation
import ReflexConfig
import ReflexCore
import ReflexSimulator
import XCTest

/// The trace and the failures of a whole scenario (models, raw messages, debounced edges, every kind of
/// expectation), as users read them, against golden files.
final class SimulationGoldenTests: XCTestCase {
    func testTheHotAfternoonRunsToItsGoldenTraceAndFailures() throws {
        let (result, failures) = try Fixtures.inDirectory { () throws -> (SimulationResult, String) in
            let check = ScenarioCheck(path: "good/hot-afternoon.yaml", ruleLoader: RuleSetLoader(environment: [:]))
            let simulation = try XCTUnwrap(try Simulation(check), check.rendered())
            let result = simulation.run()
            let text = result.failures.map { "\($0.range): \($0.summary)\n  expected: \($0.expected)\n"
                + "  actual:   \($0.actual)\n" }.joined()
            return (result, text)
        }
        let golden = Fixtures.directory.deletingLastPathComponent().appendingPathComponent("Golden")
        if let failure = Fixtures.compare(TraceText.lines(result.record),
                                          golden: golden.appendingPathComponent("hot-afternoon.trace.jsonl")) {
            XCTFail(failure)
        }
        if let failure = Fixtures.compare(failures, golden: golden.appendingPathComponent("hot-afternoon.failures")) {
            XCTFail(failure)
        }
        XCTAssertEqual(result.decodeFailures, 0)
        XCTAssertEqual(result.timeline?.markers.map(\.kind), [.notification, .ruleActivated, .notification,
                                                             .ruleReleased])
    }

    /// `reflex test` keeps only the evidence (bounded memory); it must judge a run exactly as the full record does,
    /// and show the same trace lines around each failure.
    func testEvidenceOnlyRecordsJudgeAndExplainAsTheFullRecordDoes() throws {
        let (full, evidence) = try Fixtures.inDirectory { () throws -> (SimulationResult, SimulationResult) in
            let check = ScenarioCheck(path: "good/hot-afternoon.yaml", ruleLoader: RuleSetLoader(environment: [:]))
            let simulation = try XCTUnwrap(try Simulation(check), check.rendered())
            return (simulation.run(), simulation.run(retention: .evidence, timeline: false))
        }
        XCTAssertFalse(full.failures.isEmpty)
        XCTAssertEqual(full.failures, evidence.failures)
        for failure in full.failures {
            XCTAssertEqual(full.record.events(explaining: failure), evidence.record.events(explaining: failure))
        }
        XCTAssertNil(evidence.timeline)
        XCTAssertLessThan(evidence.record.events.count, full.record.events.count / 2)
    }

    /// `reflex simulate` streams the trace as the run makes it; the lines are those of the full record.
    func testAStreamedTraceIsTheRecordsTrace() throws {
        let (full, streamed) = try Fixtures.inDirectory { () throws -> (SimulationResult, [String]) in
            let check = ScenarioCheck(path: "good/hot-afternoon.yaml", ruleLoader: RuleSetLoader(environment: [:]))
            let simulation = try XCTUnwrap(try Simulation(check), check.rendered())
            var lines: [String] = []
            _ = simulation.run(retention: .evidence, timeline: false) { lines.append($0) }
            return (simulation.run(), lines)
        }
        XCTAssertEqual(streamed.map { $0 + "\n" }.joined(), TraceText.lines(full.record))
    }
}
