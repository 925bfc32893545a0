import Foundation
import ReflexConfig
import XCTest

/// Checks `RuleSchema.json` itself, and runs `scripts/validate-schema.py` with it over the example rule sets and the
/// schema fixtures: every file under `Fixtures/schema/valid` must pass, every file under `Fixtures/schema/invalid`
/// must fail with the problem its first line names (`# expect: TEXT`).
final class SchemaTests: XCTestCase {
    private static let python = "/usr/bin/python3"
    private static let installHint = "run `apt-get install python3-jsonschema python3-yaml`"

    // MARK: The schema text

    func testSchemaIsDraft202012JSON() throws {
        let schema = try parsedSchema()
        XCTAssertEqual(schema["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
        XCTAssertEqual(schema["$id"] as? String, "urn:reflex-rules-v1")
        XCTAssertEqual(schema["required"] as? [String], ["reflex"])
        XCTAssertEqual(schema["additionalProperties"] as? Bool, false)
        let sections = (schema["properties"] as? [String: Any]).map { Set($0.keys) }
        XCTAssertEqual(
            sections,
            ["reflex", "site", "timezone", "mqtt", "inputs", "outputs", "state", "vars", "notifiers", "rules"]
        )
    }

    func testSchemaTextIsPrettyPrinted() {
        let lines = RuleSchema.json.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "{")
        XCTAssertEqual(lines.last, "}")
        XCTAssertTrue(lines.dropFirst().first?.hasPrefix("  \"$schema\"") == true)
        for (number, line) in lines.enumerated() {
            let indent = line.prefix(while: { $0 == " " }).count
            XCTAssertEqual(indent % 2, 0, "line \(number + 1) is not indented by a multiple of 2")
            XCTAssertFalse(line.hasSuffix(" ") || line.contains("\t"), "line \(number + 1) has stray whitespace")
        }
    }

    func testEveryPropertyHasADescription() throws {
        var missing: [String] = []
        visit(try parsedSchema(), at: "#") { node, pointer in
            for keyword in ["properties", "patternProperties"] {
                for (name, sub) in node[keyword] as? [String: Any] ?? [:]
                where (sub as? [String: Any])?["description"] == nil {
                    missing.append("\(pointer)/\(keyword)/\(name)")
                }
            }
            if let values = node["additionalProperties"] as? [String: Any], values["description"] == nil {
                missing.append("\(pointer)/additionalProperties")
            }
        }
        XCTAssertEqual(missing, [], "properties without a description (editors show it on hover)")
    }

    func testEveryReferenceResolves() throws {
        let schema = try parsedSchema()
        let definitions = schema["$defs"] as? [String: Any] ?? [:]
        var used: Set<String> = []
        var broken: [String] = []
        visit(schema, at: "#", intoConditions: true) { node, pointer in
            guard let reference = node["$ref"] as? String else { return }
            let name = reference.hasPrefix("#/$defs/") ? String(reference.dropFirst(8)) : ""
            if definitions[name] == nil { broken.append("\(pointer): \(reference)") } else { used.insert(name) }
        }
        XCTAssertEqual(broken, [])
        XCTAssertEqual(Set(definitions.keys).subtracting(used).sorted(), [], "definitions nothing refers to")
    }

    // MARK: Rule files against the schema

    func testExampleRuleSetsAndValidFixturesPass() throws {
        guard try pythonIsReady() else { return }
        let valid = try yamlFiles(under: Self.fixtures.appendingPathComponent("valid"))
        XCTAssertGreaterThanOrEqual(valid.count, 5)
        var targets = valid.map(\.path)
        let examples = try yamlFiles(under: Self.root.appendingPathComponent("rules"))
        XCTAssertGreaterThanOrEqual(examples.count, 3, "the example rule sets are missing")
        targets += examples.map(\.path)

        let result = try validate(targets)
        XCTAssertEqual(result.status, 0, "valid rule files were rejected:\n\(result.output)")
        for file in valid + examples {
            XCTAssertTrue(result.output.contains("\(file.path): ok\n"), "no verdict for \(file.lastPathComponent)")
        }
    }

    func testInvalidFixturesAreRejectedForTheirOwnReason() throws {
        guard try pythonIsReady() else { return }
        let invalid = try yamlFiles(under: Self.fixtures.appendingPathComponent("invalid"))
        XCTAssertGreaterThanOrEqual(invalid.count, 8)

        let result = try validate(invalid.map(\.path))
        XCTAssertEqual(result.status, 1, result.output)
        let lines = result.output.split(separator: "\n").map(String.init)
        for file in invalid {
            let name = file.lastPathComponent
            let problems = lines.filter { $0.hasPrefix("\(file.path): ") }.map { $0.dropFirst(file.path.count + 2) }
            XCTAssertFalse(problems.isEmpty, "\(name): no verdict")
            XCTAssertFalse(problems.contains("ok"), "\(name) was accepted")
            guard let expected = try expectation(in: file) else {
                XCTFail("\(name): the first line should be '# expect: TEXT' naming the problem")
                continue
            }
            XCTAssertTrue(
                problems.contains { $0.contains(expected) },
                "\(name): expected a problem containing \"\(expected)\", got:\n\(problems.joined(separator: "\n"))"
            )
        }
    }

    func testValidatorExitsWithTwoOnUsageErrors() throws {
        guard try pythonIsReady() else { return }
        let result = try run([Self.script.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.output.contains("usage:"), result.output)
    }

    // MARK: Helpers

    private static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ReflexConfigTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()
    private static let fixtures = root.appendingPathComponent("Tests/ReflexConfigTests/Fixtures/schema")
    private static let script = root.appendingPathComponent("scripts/validate-schema.py")

    private func parsedSchema() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(RuleSchema.json.utf8))
        return try XCTUnwrap(object as? [String: Any], "the schema is not a JSON object")
    }

    /// Calls `body` with every schema object under `node`; the `if`/`then`/`else` of conditions only add
    /// constraints to properties declared elsewhere, so they are skipped unless `intoConditions`.
    private func visit(
        _ node: Any,
        at pointer: String,
        intoConditions: Bool = false,
        _ body: (_ node: [String: Any], _ pointer: String) -> Void
    ) {
        if let object = node as? [String: Any] {
            body(object, pointer)
            for (key, value) in object where intoConditions || !["if", "then", "else"].contains(key) {
                visit(value, at: "\(pointer)/\(key)", intoConditions: intoConditions, body)
            }
        } else if let array = node as? [Any] {
            for (index, value) in array.enumerated() {
                visit(value, at: "\(pointer)/\(index)", intoConditions: intoConditions, body)
            }
        }
    }

    /// The `*.yaml` / `*.yml` files under `folder`, sorted; none when it does not exist.
    private func yamlFiles(under folder: URL) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: folder.path),
            let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { ["yaml", "yml"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
    }

    /// The text after `# expect: ` on a fixture's first line.
    private func expectation(in file: URL) throws -> String? {
        let text = try String(contentsOf: file, encoding: .utf8)
        let first = text.prefix(while: { $0 != "\n" })
        let marker = "# expect: "
        guard first.hasPrefix(marker) else { return nil }
        return String(first.dropFirst(marker.count))
    }

    /// Fails the test, with the packages to install, when the validator cannot run here.
    private func pythonIsReady() throws -> Bool {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            XCTFail("\(Self.python) is missing; \(Self.installHint)")
            return false
        }
        let check = try run(["-c", "import jsonschema, yaml"])
        guard check.status == 0 else {
            XCTFail("\(Self.python) cannot import jsonschema and yaml; \(Self.installHint)\n\(check.output)")
            return false
        }
        return true
    }

    /// Runs the validator with `RuleSchema.json` written to a temporary file.
    private func validate(_ targets: [String]) throws -> (status: Int32, output: String) {
        let schemaFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("reflex-rules-schema-\(UUID().uuidString).json")
        try Data(RuleSchema.json.utf8).write(to: schemaFile)
        defer { try? FileManager.default.removeItem(at: schemaFile) }
        return try run([Self.script.path, schemaFile.path] + targets)
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
