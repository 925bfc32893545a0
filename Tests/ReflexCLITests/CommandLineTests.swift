import Foundation
import XCTest

/// The `reflex` binary as a user runs it: output, exit codes, golden graphs.
final class CommandLineTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `reflex` next to the test bundle.
    static var binary: URL {
        var dir = Bundle(for: CommandLineTests.self).bundleURL.deletingLastPathComponent()
        if dir.lastPathComponent == "Contents" { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("reflex")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs reflex in the repository root and waits for it to exit.
    static func reflex(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repository
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        var stderrData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stderrData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                   stderr: String(decoding: stderrData, as: UTF8.self))
    }

    func testExampleRuleSetsCheckCleanWithNoWarnings() throws {
        let run = try Self.reflex(["check", "rules/"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertFalse(run.stdout.contains("warning:"), run.stdout)
        XCTAssertFalse(run.stdout.contains("error:"), run.stdout)
        for example in ["rules/greenhouse", "rules/door-alarm", "rules/pump-station"] {
            XCTAssertTrue(run.stdout.contains("\(example): ok"), "\(example) missing from:\n\(run.stdout)")
        }
    }

    func testCheckWithNoPathChecksTheRulesFolder() throws {
        let run = try Self.reflex(["check"])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("rules/greenhouse: ok"), run.stdout)
    }

    func testErrorsExitOneAndPointAtTheToken() throws {
        let path = "Tests/ReflexConfigTests/Fixtures/bad/expr-unknown-signal.yaml"
        let run = try Self.reflex(["check", path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.hasPrefix("\(path):8:11: error: unknown signal 'tmep'; did you mean 'temp'?\n"
                                           + "    when: tmep > 30\n          ^~~~\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("\(path): 1 error"), run.stdout)
    }

    func testJSONFormat() throws {
        let run = try Self.reflex(["check", "--format", "json",
                                   "Tests/ReflexConfigTests/Fixtures/bad/expr-unknown-signal.yaml"])
        XCTAssertEqual(run.status, 1)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(object?["errors"] as? Int, 1)
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try Self.reflex(["check", "--no-such-flag"]).status, 2)
        XCTAssertEqual(try Self.reflex(["frobnicate"]).status, 2)
        XCTAssertEqual(try Self.reflex(["check", "--format", "xml"]).status, 2)
        let missing = try Self.reflex(["check", "no/such/path"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no/such/path"), missing.stderr)
    }

    func testSchemaIsJSON() throws {
        let run = try Self.reflex(["schema"])
        XCTAssertEqual(run.status, 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(object?["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
    }

    func testGraphsMatchTheirGoldens() throws {
        for example in ["greenhouse", "door-alarm", "pump-station"] {
            for format in ["dot", "mermaid"] {
                let run = try Self.reflex(["graph", "rules/\(example)", "--format", format])
                XCTAssertEqual(run.status, 0, run.stderr)
                let golden = Self.repository.appendingPathComponent("Tests/ReflexCLITests/Golden/\(example).\(format)")
                if ProcessInfo.processInfo.environment["REFLEX_UPDATE_GOLDEN"] == "1" {
                    try run.stdout.write(to: golden, atomically: true, encoding: .utf8)
                    continue
                }
                let expected = try String(contentsOf: golden, encoding: .utf8)
                XCTAssertEqual(run.stdout, expected, "graph of \(example) as \(format) differs from its golden file")
            }
        }
    }

    func testGraphOfABrokenRuleSetFails() throws {
        let run = try Self.reflex(["graph", "Tests/ReflexConfigTests/Fixtures/bad/rule-cycle.yaml"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("error:"), run.stderr)
    }
}
