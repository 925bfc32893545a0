import Foundation
import ReflexConfig
import ReflexCore
import XCTest

/// Every bad rule file under Fixtures/bad reports exactly its golden diagnostics (file:line:col, message,
/// source line and caret); every file under Fixtures/warn compiles with exactly its golden warnings.
final class DiagnosticGoldenTests: XCTestCase {
    /// A fixed environment and time-zone folder so the output does not depend on the machine.
    static let loader = RuleSetLoader(environment: ["OPS_TOKEN": "secret-token"])

    /// Runs the checker on a fixture path (a file or a directory) with a stable display path.
    static func check(_ url: URL) -> RuleSetCheck {
        let relative = url.path.replacingOccurrences(of: Fixtures.directory.path + "/", with: "")
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(Fixtures.directory.path))
        defer { XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(previous)) }
        let resolved = loader.resolve([relative])
        XCTAssertEqual(resolved.sets.count, 1, "fixture \(relative) should be one rule set")
        return RuleSetCheck(loader.load(resolved.sets[0]))
    }

    func testBadFilesReportTheirGoldenErrors() throws {
        let cases = Fixtures.files(in: "bad") + Fixtures.subdirectories(in: "bad")
        XCTAssertGreaterThanOrEqual(cases.count, 60)
        for url in cases {
            let check = Self.check(url)
            XCTAssertGreaterThan(check.errorCount, 0, "\(url.lastPathComponent) should have an error")
            XCTAssertNil(check.program, "\(url.lastPathComponent) must not compile")
            let golden = url.deletingPathExtension().appendingPathExtension("expected")
            if let failure = Fixtures.compare(check.rendered(), golden: golden) { XCTFail(failure) }
        }
    }

    func testWarningFilesCompileWithTheirGoldenWarnings() throws {
        for url in Fixtures.files(in: "warn") {
            let check = Self.check(url)
            XCTAssertEqual(check.errorCount, 0, "\(url.lastPathComponent): \(check.rendered())")
            XCTAssertNotNil(check.program)
            let golden = url.deletingPathExtension().appendingPathExtension("expected")
            if let failure = Fixtures.compare(check.rendered(), golden: golden) { XCTFail(failure) }
        }
    }

    func testAFileWithSeveralMistakesReportsEachOfThem() {
        let check = Self.check(Fixtures.directory.appendingPathComponent("bad/several-mistakes.yaml"))
        let lines = Set(check.diagnostics.filter { $0.severity == .error }.map(\.range.start.line))
        // type, debounce, qos on gpio, unknown signal, bad duration, unknown notifier: six lines.
        XCTAssertGreaterThanOrEqual(lines.count, 5, check.rendered())
    }

    func testJSONFormatCarriesPositions() throws {
        let check = Self.check(Fixtures.directory.appendingPathComponent("bad/expr-unknown-signal.yaml"))
        let json = DiagnosticRenderer.json(check.diagnostics)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let items = object?["diagnostics"] as? [[String: Any]]
        XCTAssertEqual(object?["errors"] as? Int, 1)
        XCTAssertEqual(items?.first?["line"] as? Int, 8)
        XCTAssertEqual(items?.first?["column"] as? Int, 11)
        XCTAssertEqual(items?.first?["message"] as? String, "unknown signal 'tmep'; did you mean 'temp'?")
    }
}
