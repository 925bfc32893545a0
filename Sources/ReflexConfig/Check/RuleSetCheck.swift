import ReflexCore

/// Loads and compiles one rule set: the result `reflex check`, `reflex graph` and the engine start from.
public struct RuleSetCheck: Sendable {
    public var source: RuleSetSource
    /// The compiled program; nil when there are errors.
    public var program: Program?
    /// Loader and compiler findings, in reading order.
    public var diagnostics: [Diagnostic]
    public var sources: SourceStore

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }

    /// Compiles what was loaded (nothing is compiled when reading the files already failed).
    public init(_ loaded: LoadedRuleSet) {
        source = loaded.source
        sources = loaded.sources
        var diagnostics = loaded.diagnostics
        if let set = loaded.ruleSet, !loaded.diagnostics.hasErrors {
            let compiled = RuleCompiler.compile(set)
            program = compiled.program
            diagnostics += compiled.diagnostics
        } else if let set = loaded.ruleSet {
            // Still compile to find the name and type errors too, but never hand out a program; its
            // warnings would only echo the parts that failed to load.
            diagnostics += RuleCompiler.compile(set).diagnostics.filter { $0.severity == .error }
            program = nil
        }
        self.diagnostics = Self.unique(diagnostics.sortedForReading())
    }

    public init(loader: RuleSetLoader = RuleSetLoader(), text: String, file: String) {
        self.init(loader.load(text: text, file: file))
    }

    public func rendered() -> String {
        DiagnosticRenderer(sources: sources).text(diagnostics)
    }

    private static func unique(_ list: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return list.filter { seen.insert($0).inserted }
    }
}
