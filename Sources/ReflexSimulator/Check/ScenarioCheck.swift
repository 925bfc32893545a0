import ReflexConfig
import ReflexCore

/// A scenario checked against its rule set: the result `reflex test` and `reflex simulate` start from.
///
/// Reports, in one pass, the scenario file's own errors, the rule set's errors (in its own files), and every
/// name, kind, value type and topic in the scenario that the compiled rule set does not agree with.
public struct ScenarioCheck: Sendable {
    public var file: String
    /// The scenario with every value typed; nil when there are errors.
    public var scenario: Scenario?
    /// The compiled rule set; nil when it could not be found or has errors.
    public var program: Program?
    /// Scenario and rule-set errors (and scenario warnings), in reading order.
    public var diagnostics: [Diagnostic]
    public var sources: SourceStore

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    public init(_ loaded: LoadedScenario, ruleLoader: RuleSetLoader = RuleSetLoader()) {
        file = loaded.file
        sources = loaded.sources
        var diagnostics = loaded.diagnostics
        var draft = loaded.draft
        var program: Program?
        if let rules = draft?.rules, let path = draft?.rulesPath {
            let resolved = ruleLoader.resolve([path])
            if !resolved.diagnostics.isEmpty {
                for d in resolved.diagnostics {
                    let hint = Self.nearbyName(rules.value, resolved: path)
                    diagnostics.append(.error("cannot use '\(path)' as a rule set: \(d.message)\(hint)",
                                              at: rules.range))
                }
            } else if resolved.sets.count != 1 {
                diagnostics.append(.error("'\(path)' holds \(resolved.sets.count) rule sets (one per folder); "
                                          + "name one of them", at: rules.range))
            } else {
                let check = RuleSetCheck(ruleLoader.load(resolved.sets[0]))
                sources.merge(check.sources)
                diagnostics += check.diagnostics.filter { $0.severity == .error }
                program = check.program
                if program == nil {
                    let n = check.errorCount
                    diagnostics.append(.error("the rule set '\(path)' has \(n) error\(n == 1 ? "" : "s"); "
                                              + "this scenario cannot run until it compiles", at: rules.range))
                }
            }
        }
        if let program, var d = draft {
            var binding = ScenarioBinding(program: program)
            binding.bind(&d)
            diagnostics += binding.diagnostics
            draft = d
        }
        var seen = Set<Diagnostic>()
        self.diagnostics = diagnostics.sortedForReading().filter { seen.insert($0).inserted }
        self.program = program
        scenario = self.diagnostics.hasErrors ? nil : draft?.scenario
    }

    /// Loads the scenario at `path`, its rule set, and checks one against the other.
    public init(path: String, loader: ScenarioLoader = ScenarioLoader(), ruleLoader: RuleSetLoader = RuleSetLoader()) {
        self.init(loader.load(path: path), ruleLoader: ruleLoader)
    }

    /// "; did you mean 'x'?" naming a file or folder beside the missing one, as the scenario would write it.
    static func nearbyName(_ written: String, resolved: String) -> String {
        guard FileSystem.kind(resolved) == .missing else { return "" }
        let folder = resolved.lastIndex(of: "/").map { String(resolved[..<$0]) } ?? "."
        let name = resolved.split(separator: "/").last.map(String.init) ?? resolved
        let candidates = FileSystem.entries(folder.isEmpty ? "/" : folder).filter { !$0.hasPrefix(".") }
        guard let match = Suggestion.closest(to: name, in: candidates) else { return "" }
        let prefix = written.lastIndex(of: "/").map { String(written[...$0]) } ?? ""
        return "; did you mean '\(prefix)\(match)'?"
    }

    public func rendered() -> String {
        DiagnosticRenderer(sources: sources).text(diagnostics)
    }
}
