import Foundation
import XCTest

/// The `reflex` binary as a user runs it: output, exit codes, golden graphs.
final class CommandLineTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `reflex` beside the test bundle (the products folder of this build).
    static var binary: URL {
        let bundle = Bundle(for: CommandLineTests.self).bundleURL
        let candidates = [bundle, bundle.deletingLastPathComponent(), Bundle.main.bundleURL]
            .map { $0.appendingPathComponent("reflex") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? repository.appendingPathComponent(".build/debug/reflex")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs reflex in the repository root and waits for it to exit.
    /// The example greenhouse reads its webhook token from the environment; checks warn when it is unset.
    static func reflex(_ arguments: [String], environment: [String: String] = ["OPS_TOKEN": "test-token"],
                       unset: [String] = []) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repository
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        for name in unset { env.removeValue(forKey: name) }
        process.environment = env
        // Files, not pipes: the child can never block on a full pipe while the test waits for it.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reflex-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("stdout")
        let errURL = dir.appendingPathComponent("stderr")
        // A file that could not be made fails just below, when it is opened for writing.
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Run(status: process.terminationStatus,
                   stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                   stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
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

    func testAnUnsetSecretIsAWarningNotAnError() throws {
        let run = try Self.reflex(["check", "rules/greenhouse"], environment: [:], unset: ["OPS_TOKEN"])
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stdout.contains("warning: environment variable 'OPS_TOKEN' is not set"), run.stdout)
        XCTAssertTrue(run.stdout.contains("rules/greenhouse: ok"), run.stdout)
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
