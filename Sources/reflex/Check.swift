import ArgumentParser
import Glibc
import ReflexConfig
import ReflexCore

/// `reflex check [PATH...]`: compile rule sets and print every diagnostic.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compile rule sets and report every error and warning with file:line:column.",
        discussion: """
            A PATH is a rule file, a directory of rule files (one rule set), or a directory of such \
            directories (one rule set each). Exit status: 0 no errors, 1 errors, 2 usage.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Argument(help: "Rule files or directories (default: rules/).")
    var paths: [String] = []

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let loader = RuleSetLoader()
        let sets = try ruleSets(paths, loader)
        var all: [Diagnostic] = []
        var text = ""
        var summaries: [String] = []
        for source in sets {
            let check = RuleSetCheck(loader.load(source))
            all += check.diagnostics
            text += check.rendered()
            summaries.append(Self.summary(check))
        }
        switch format {
        case .json:
            Output.print(DiagnosticRenderer.json(all))
        case .text:
            if !text.isEmpty { Output.raw(text) }
            for s in summaries { Output.print(s) }
        }
        // Everything is written (Output does not buffer): leave without tearing down the rule sets' trees (a large set frees
        // millions of objects, a tenth of the command's time, for nothing).
        Glibc.exit(all.hasErrors ? ExitStatus.failure : ExitStatus.ok)
    }

    static func summary(_ check: RuleSetCheck) -> String {
        let path = check.source.path
        if check.errorCount > 0 {
            return "\(path): \(plural(check.errorCount, "error"))"
                + (check.warningCount > 0 ? ", \(plural(check.warningCount, "warning"))" : "")
        }
        var line = "\(path): ok"
        if let p = check.program {
            line += " (\(plural(p.signals.count, "signal")), \(plural(p.rules.count, "rule"))"
            line += check.warningCount > 0 ? ", \(plural(check.warningCount, "warning")))" : ")"
        }
        return line
    }

    static func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }
}

/// The rule sets named by command-line paths (default `rules/`); a path that is not there is a usage error.
func ruleSets(_ paths: [String], _ loader: RuleSetLoader) throws -> [RuleSetSource] {
    let resolved = loader.resolve(paths.isEmpty ? ["rules/"] : paths)
    if !resolved.diagnostics.isEmpty {
        Output.error(DiagnosticRenderer(sources: SourceStore()).text(resolved.diagnostics))
        throw ExitCode(ExitStatus.usage)
    }
    return resolved.sets
}

/// `reflex graph [PATH...]`: the compiled graph as DOT or Mermaid.
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the compiled graph: inputs -> vars -> rules -> outputs / notifiers (DOT or Mermaid)."
    )

    @Argument(help: "Rule files or directories (default: rules/).")
    var paths: [String] = []

    @Option(help: "Output format: dot or mermaid.")
    var format: GraphText.Format = .dot

    func run() throws {
        let loader = RuleSetLoader()
        var failed = false
        for source in try ruleSets(paths, loader) {
            let check = RuleSetCheck(loader.load(source))
            guard let program = check.program else {
                Output.error(check.rendered())
                failed = true
                continue
            }
            Output.raw(GraphText.render(program, as: format))
        }
        if failed { throw ExitCode(ExitStatus.failure) }
    }
}

extension GraphText.Format: ExpressibleByArgument {}

/// `reflex schema`: the JSON Schema of the rule format, for editors.
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema (draft 2020-12) of the rule format, for editors."
    )

    func run() throws {
        Output.print(RuleSchema.json)
    }
}
