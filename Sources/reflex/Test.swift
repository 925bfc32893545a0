import ArgumentParser
import ReflexConfig
import ReflexCore
import ReflexSimulator

/// `reflex test [PATH...]`: run scenarios and report each, then how many passed and failed.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scenarios against their rule sets on a virtual clock and check their expectations.",
        discussion: """
            A PATH is a scenario file or a directory, whose *.yaml and *.yml files are run in name order. \
            Prints a line per scenario, the place, expected and actual value and the trace around every \
            failed expectation, then 'N passed, N failed'. Exit status: 0 all passed, 1 an expectation \
            failed, 2 usage, an invalid scenario, or a rule set with errors.
            """
    )

    @Argument(help: "Scenario files or directories (default: simulators/).")
    var paths: [String] = []

    func run() throws {
        let files = try scenarioFiles(paths)
        var passed = 0
        var failed = 0
        var invalid = 0
        for file in files {
            let prepared = PreparedScenario(file)
            Output.raw(prepared.diagnostics)
            guard let report = prepared.run(retention: .evidence, timeline: false) else {
                invalid += 1
                continue
            }
            Output.print(report.statusLine)
            if report.result.passed {
                passed += 1
            } else {
                Output.raw(report.failures(context: true))
                failed += 1
            }
        }
        Output.print("\(passed) passed, \(failed + invalid) failed")
        throw ExitCode(ExitStatus.scenarios(failed: failed, invalid: invalid))
    }
}

/// The scenario files named by command-line paths (default `simulators/`): a file as it is, a directory's
/// `*.yaml`/`*.yml` files in byte-wise name order. A path that is not there, or a directory with none, is a usage
/// error.
func scenarioFiles(_ paths: [String]) throws -> [String] {
    var files: [String] = []
    var diagnostics: [Diagnostic] = []
    for path in paths.isEmpty ? ["simulators/"] : paths {
        switch FileSystem.kind(path) {
        case .file:
            files.append(path)
        case .directory:
            let found = FileSystem.entries(path).filter {
                !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml"))
            }.map { FileSystem.join(path, $0) }.filter { FileSystem.kind($0) == .file }
            if found.isEmpty {
                diagnostics.append(.error("no scenario files (*.yaml, *.yml) in this directory", at: .file(path)))
            }
            files += found
        case .missing:
            diagnostics.append(.error("no such file or directory", at: .file(path)))
        case .other:
            diagnostics.append(.error("not a scenario file or directory", at: .file(path)))
        }
    }
    if !diagnostics.isEmpty {
        Output.error(DiagnosticRenderer(sources: SourceStore()).text(diagnostics))
        throw ExitCode(ExitStatus.usage)
    }
    return files
}
