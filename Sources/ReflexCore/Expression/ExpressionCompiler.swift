/// Compiles expressions and templates of a rule set against its signals, sharing windows program-wide.
///
/// Errors and warnings are appended to `diagnostics` at the offending token; a compile with errors returns
/// nil. Use one compiler for a whole rule set so that equal windows are registered once.
public struct ExpressionCompiler {
    /// Words an expression reads as keywords or builtins; no signal may be named so.
    public static let reservedNames: [String] =
        ["and", "or", "not", "in", "true", "false", "on", "off"] + BuiltinName.allCases.map(\.rawValue)

    /// The names of the functions, for the rule compiler's own messages.
    public static let functionNames: [String] = FunctionName.allCases.map(\.rawValue)

    public let signals: any SignalTable
    public let windows: WindowTable
    /// The value of `site`.
    public let site: String
    public var diagnostics: [Diagnostic] = []

    public init(signals: any SignalTable, windows: WindowTable, site: String) {
        self.signals = signals
        self.windows = windows
        self.site = site
    }

    /// The expression written in `source`, checked to have the type `expecting` (any type when nil), with
    /// `locals` in scope; nil when it has errors.
    public mutating func compile(
        _ source: SourceText, expecting: ValueType?, locals: [LocalName] = []
    ) -> CompiledExpression? {
        let scalars = Array(source.text.unicodeScalars)
        return compile(scalars, from: 0, to: scalars.count, in: source, expecting: expecting, locals: locals)
    }

    /// The expression in `scalars[start..<end]` of `source`.
    mutating func compile(
        _ scalars: [Unicode.Scalar], from start: Int, to end: Int, in source: SourceText, expecting: ValueType?,
        locals: [LocalName]
    ) -> CompiledExpression? {
        var lexer = Lexer(scalars, from: start, to: end)
        let tokens = lexer.tokenize()
        var problems = lexer.problems
        var parser = Parser(tokens: tokens, scalars: scalars)
        let tree = parser.parse()
        if let problem = parser.problem { problems.append(problem) }
        guard let tree else {
            if problems.isEmpty { problems.append(.error("expected an expression", start, end)) }
            report(problems, in: source, limit: scalars.count)
            return nil
        }
        var emitter = ExpressionEmitter(signals: signals, site: site, locals: locals)
        if expecting == .string, case .name = tree.kind { emitter.quoteHintOffset = tree.start }
        let result = emitter.emit(tree)
        problems += emitter.problems
        if let expecting, let type = result.type, type != expecting {
            let hint = ExpressionEmitter.literalHint(tree, expected: expecting)
            problems.append(.error("expected \(expecting), found \(type)" + hint, tree.start, tree.end))
        }
        report(problems, in: source, limit: scalars.count)
        guard let type = result.type, !problems.contains(where: { $0.severity == .error }) else { return nil }

        var code = emitter.code
        var dependencies = ExpressionDependencies()
        if !emitter.windowUses.isEmpty {
            let indices = emitter.windowUses.map { windows.register($0.spec, function: $0.function) }
            for i in code.indices {
                if case .window(let local, let function) = code[i] {
                    code[i] = .window(Int32(indices[Int(local)]), function)
                }
            }
            dependencies.windows = Array(Set(indices)).sorted()
        }
        dependencies.reads = emitter.reads.sorted()
        dependencies.attributeReads = emitter.attributeReads.sorted(by: ExpressionDependencies.precedes)
        dependencies.usesClock = emitter.usesClock
        dependencies.timeRanges = emitter.timeRanges
        dependencies.locals = emitter.localReads.sorted()
        var constantValue: Value?
        if result.isPure, code.count == 1, case .constant(let index) = code[0] {
            constantValue = .some(emitter.constants[Int(index)])
        }
        return CompiledExpression(
            type: type, code: code, constants: emitter.constants, maxStackDepth: Swift.max(1, emitter.maxDepth),
            dependencies: dependencies, constantValue: constantValue,
            range: source.range)
    }

    /// Problems reported for one expression at most; the rest are counted in one last error.
    static let problemLimit = 20

    /// Adds problems as diagnostics, in the order of their offsets, within `[0, limit]` (the text's length).
    mutating func report(_ problems: [ExpressionProblem], in source: SourceText, limit: Int) {
        var ordered = problems.enumerated().sorted { a, b in
            a.element.start != b.element.start ? a.element.start < b.element.start : a.offset < b.offset
        }.map(\.element)
        if ordered.count > Self.problemLimit {
            let rest = ordered[Self.problemLimit...]
            ordered.removeSubrange(Self.problemLimit...)
            if let first = rest.first {
                ordered.append(.error("\(rest.count) more problems in this expression", first.start, first.end))
            }
        }
        for problem in ordered {
            let start = Swift.min(problem.start, limit)
            let range = source.range(from: start, to: Swift.min(Swift.max(problem.end, start), limit))
            diagnostics.append(Diagnostic(problem.severity, problem.message, at: range))
        }
    }
}
