/// Compiles a `RuleSet` into a `Program`: resolves names and types, compiles every expression and template,
/// and runs the static checks of SPEC "Static checks". All findings are collected, none thrown.
public struct RuleCompiler {
    /// Names a signal cannot take: the expression language's words and builtins, `value` (the output's value in
    /// a payload template) and `none`.
    public static let reservedNames = Set(ExpressionCompiler.reservedNames).union(["value", "none"])

    let ruleSet: RuleSet
    var diagnostics: [Diagnostic] = []
    var table = CompilerSignalTable()
    var signals: [Program.Signal] = []
    /// Signals and notifiers whose declarations or expressions failed: what reads them is not compiled and
    /// references to them are not reported again (no cascades).
    var failedVars: Set<String> = []
    var windows = WindowTable()
    var ruleFacts: [RuleFacts] = []
    var varReads: [Int: Set<Int>] = [:]

    public init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        self.failedVars = ruleSet.failedNames
        self.table.failedNames = ruleSet.failedNames.sorted()
    }

    /// The program, or nil when there are errors; and every diagnostic (errors and warnings) in reading order.
    public static func compile(_ ruleSet: RuleSet) -> (program: Program?, diagnostics: [Diagnostic]) {
        var compiler = RuleCompiler(ruleSet)
        let program = compiler.run()
        let sorted = compiler.diagnostics.sortedForReading()
        return (sorted.hasErrors ? nil : program, sorted)
    }

    mutating func error(_ message: String, at range: SourceRange, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.error(message, at: range, notes: notes))
    }

    mutating func warning(_ message: String, at range: SourceRange, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.warning(message, at: range, notes: notes))
    }

    mutating func run() -> Program {
        var program = Program(site: ruleSet.site.value, timezone: ruleSet.timezone?.value, mqtt: ruleSet.mqtt)
        declareSignals(&program)
        compileVariables(&program)
        compileOutputs(&program)
        compileNotifiers(&program)
        compileRules(&program)
        program.signals = signals
        program.windows = windows.windows
        checkStatically(program)
        return program
    }

    // MARK: Signals

    /// Registers a signal name, reporting reserved and duplicate names. Returns its slot.
    mutating func declare(_ name: Located<String>, kind: SignalKind, type: ValueType, initial: Value,
                          staleLimit: Int64? = nil) -> Int?
    {
        if Self.reservedNames.contains(name.value) {
            error("'\(name.value)' is a reserved word in expressions; choose another name", at: name.range)
            return nil
        }
        if let existing = table.byName[name.value] {
            let first = signals[existing.slot]
            error("\(kind.word) '\(name.value)' is already defined as \(first.kind.article) \(first.kind.word)",
                  at: name.range, notes: [.init("first defined here", at: first.range)])
            return nil
        }
        let slot = signals.count
        signals.append(Program.Signal(name: name.value, kind: kind, type: type, initial: initial,
                                      staleLimit: staleLimit, range: name.range))
        table.add(SignalInfo(name: name.value, slot: slot, kind: kind, type: type, staleLimit: staleLimit))
        return slot
    }

    /// The declared or inferred type of an input, output or state (SPEC Precise semantics 1).
    mutating func signalType(_ name: Located<String>, what: String, declared: Located<ValueType>?,
                             initial: Located<Literal>?, isGPIO: Bool) -> ValueType?
    {
        if isGPIO { return .bool }
        if let declared { return declared.value }
        if let initial { return LiteralValue.inferType(initial.value) }
        failedVars.insert(name.value)
        error("\(what) '\(name.value)' needs a 'type' (bool, number or string) or an 'initial' value", at: name.range)
        return nil
    }

    /// A literal converted to `type`, or an error at it.
    mutating func literalValue(_ literal: Located<Literal>, as type: ValueType, for what: String) -> Value? {
        if let v = LiteralValue.convert(literal.value, to: type) { return v }
        error("\(what) must be \(type.withArticle), found '\(literal.value.text)'", at: literal.range)
        return nil
    }

    mutating func declareSignals(_ program: inout Program) {
        for input in ruleSet.inputs {
            var isGPIO = false
            if case .gpio = input.source { isGPIO = true }
            guard let type = signalType(input.name, what: "input", declared: input.type, initial: input.initial,
                                        isGPIO: isGPIO) else { continue }
            var initial = Value.none
            if let lit = input.initial {
                if isGPIO {
                    error("a gpio input reads its line at start; it takes no 'initial'", at: lit.range)
                } else if let v = literalValue(lit, as: type, for: "the initial value of input '\(input.name.value)'") {
                    initial = v
                }
            }
            guard let slot = declare(input.name, kind: .input, type: type, initial: initial,
                                     staleLimit: input.stale?.value) else { continue }
            program.inputs.append(Program.Input(slot: slot, source: input.source,
                                                activeLow: input.activeLow?.value ?? false,
                                                bias: input.bias?.value ?? .asIs, debounce: input.debounce?.value,
                                                json: input.json?.value))
        }
        for output in ruleSet.outputs {
            var isGPIO = false
            if case .gpio = output.target { isGPIO = true }
            guard let type = signalType(output.name, what: "output", declared: output.type, initial: output.initial,
                                        isGPIO: isGPIO) else { continue }
            var initial = Value.none
            if let lit = output.initial, let v = literalValue(lit, as: type, for: "the initial value of output '\(output.name.value)'") {
                initial = v
            }
            var safe: Value?
            if let lit = output.safe { safe = literalValue(lit, as: type, for: "the safe value of output '\(output.name.value)'") }
            guard let slot = declare(output.name, kind: .output, type: type, initial: initial) else { continue }
            program.outputs.append(Program.Output(slot: slot, target: output.target,
                                                  activeLow: output.activeLow?.value ?? false, safe: safe,
                                                  minInterval: output.minInterval?.value,
                                                  retain: output.retain?.value ?? false, qos: output.qos?.value ?? 0,
                                                  payload: nil))
        }
        for state in ruleSet.states {
            guard let type = signalType(state.name, what: "state", declared: state.type, initial: state.initial,
                                        isGPIO: false) else { continue }
            var initial = Value.none
            if let lit = state.initial, let v = literalValue(lit, as: type, for: "the initial value of state '\(state.name.value)'") {
                initial = v
            }
            _ = declare(state.name, kind: .state, type: type, initial: initial)
        }
    }

    // MARK: Expressions

    /// A compiler for expressions over the signals declared so far.
    func expressionCompiler() -> ExpressionCompiler {
        ExpressionCompiler(signals: table, windows: windows, site: ruleSet.site.value)
    }

    /// Compiles an expression unless it reads a var that failed; records the diagnostics.
    mutating func expression(_ source: SourceText, expecting type: ValueType?, locals: [LocalName] = [])
        -> CompiledExpression?
    {
        if readsFailedVar(source.text) { return nil }
        var c = expressionCompiler()
        let e = c.compile(source, expecting: type, locals: locals)
        diagnostics += c.diagnostics
        return e
    }

    mutating func template(_ source: SourceText, locals: [LocalName] = []) -> CompiledTemplate? {
        if readsFailedVar(source.text) { return nil }
        var c = expressionCompiler()
        let t = c.compileTemplate(source, locals: locals)
        diagnostics += c.diagnostics
        return t
    }

    /// A value written to a signal of `type` (`hold`, `set`, `pulse`). Where a string is expected, a bare word
    /// that is not a signal name is that string (`set: { mode: manual }`).
    mutating func value(_ source: SourceText, for type: ValueType) -> CompiledExpression? {
        if type == .string, IdentifierScan.isBareWord(source.text), table.byName[source.text] == nil,
           !Self.reservedNames.contains(source.text)
        {
            let quoted = SourceText("\"" + source.text + "\"", range: source.range, mapping: nil)
            return expression(quoted, expecting: .string)
        }
        return expression(source, expecting: type)
    }

    func readsFailedVar(_ text: String) -> Bool {
        guard !failedVars.isEmpty else { return false }
        return IdentifierScan.names(in: text).contains { failedVars.contains($0) }
    }

    // MARK: Vars

    mutating func compileVariables(_ program: inout Program) {
        // Order vars so that each comes after the vars it reads; report cycles.
        var byName: [String: Int] = [:]
        for (i, v) in ruleSet.vars.enumerated() where byName[v.name.value] == nil { byName[v.name.value] = i }
        let reads: [[Int]] = ruleSet.vars.map { v in
            IdentifierScan.names(in: v.expression.text).compactMap { byName[$0] }
        }
        var order: [Int] = []
        var state = [UInt8](repeating: 0, count: ruleSet.vars.count)  // 0 new, 1 visiting, 2 done
        var inCycle = Set<Int>()
        for start in ruleSet.vars.indices where state[start] == 0 {
            // Iterative depth-first search keeping the path for cycle messages.
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                if top.next < reads[top.node].count {
                    stack[stack.count - 1].next += 1
                    let dep = reads[top.node][top.next]
                    if state[dep] == 0 {
                        state[dep] = 1
                        stack.append((dep, 0))
                    } else if state[dep] == 1 {
                        let path = stack.map(\.node)
                        let cycle = Array(path[path.firstIndex(of: dep)!...])
                        if !cycle.contains(where: inCycle.contains) {
                            let names = (cycle + [dep]).map { ruleSet.vars[$0].name.value }
                            let v = ruleSet.vars[dep]
                            let message = cycle.count == 1
                                ? "var '\(v.name.value)' depends on itself"
                                : "vars depend on each other in a cycle: \(names.joined(separator: " -> "))"
                            error(message, at: v.name.range,
                                  notes: cycle.dropFirst().map { .init("'\(ruleSet.vars[$0].name.value)' is part of the cycle", at: ruleSet.vars[$0].name.range) })
                        }
                        inCycle.formUnion(cycle)
                    }
                } else {
                    state[top.node] = 2
                    order.append(top.node)
                    stack.removeLast()
                }
            }
        }
        for i in order {
            let v = ruleSet.vars[i]
            if inCycle.contains(i) {
                failedVars.insert(v.name.value)
                continue
            }
            guard let e = expression(v.expression, expecting: nil) else {
                failedVars.insert(v.name.value)
                continue
            }
            guard [.bool, .number, .string, .duration].contains(e.type) else {
                error("a var holds a bool, number, string or duration, not \(e.type.withArticle)", at: v.expression.range)
                failedVars.insert(v.name.value)
                continue
            }
            guard let slot = declare(v.name, kind: .variable, type: e.type, initial: .none) else { continue }
            program.variables.append(Program.Variable(slot: slot, expression: e))
        }
    }

    // MARK: Outputs and notifiers

    /// Payload templates, with the output's `value` in scope (outputs that failed to declare are skipped).
    mutating func compileOutputs(_ program: inout Program) {
        var payloads: [String: SourceText] = [:]
        for decl in ruleSet.outputs { if let p = decl.payload { payloads[decl.name.value] = p } }
        for index in program.outputs.indices {
            let signal = signals[program.outputs[index].slot]
            guard let payload = payloads[signal.name] else { continue }
            program.outputs[index].payload = template(payload, locals: [LocalName("value", type: signal.type)])
        }
    }

    /// Records a name; a second definition is an error at it with a note at the first.
    mutating func isFirstDefinition(_ name: Located<String>, of kind: String, in seen: inout [String: SourceRange])
        -> Bool
    {
        if let first = seen[name.value] {
            error("\(kind) '\(name.value)' is already defined", at: name.range,
                  notes: [.init("first defined here", at: first)])
            return false
        }
        seen[name.value] = name.range
        return true
    }

    mutating func compileNotifiers(_ program: inout Program) {
        var seen: [String: SourceRange] = [:]
        for n in ruleSet.notifiers {
            guard isFirstDefinition(n.name, of: "notifier", in: &seen) else { continue }
            program.notifiers.append(Program.Notifier(name: n.name.value, kind: n.kind, range: n.name.range))
        }
    }
}

extension SignalKind {
    var word: String {
        switch self {
        case .input: "input"
        case .output: "output"
        case .state: "state"
        case .variable: "var"
        }
    }

    var article: String {
        switch self {
        case .input, .output: "an"
        case .state, .variable: "a"
        }
    }
}

extension ValueType {
    var withArticle: String {
        switch self {
        case .bool: "a bool"
        case .number: "a number"
        case .string: "a string"
        case .duration: "a duration"
        case .timeOfDay: "a time of day"
        case .instant: "an instant"
        }
    }
}

/// The signal table the expression compiler resolves names through.
struct CompilerSignalTable: SignalTable {
    var byName: [String: SignalInfo] = [:]
    var names: [String] = []
    /// Names that failed to declare: offered in suggestions, never resolved.
    var failedNames: [String] = []

    mutating func add(_ info: SignalInfo) {
        byName[info.name] = info
        names.append(info.name)
    }

    func signal(named name: String) -> SignalInfo? { byName[name] }
    var signalNames: [String] { names + failedNames }
}
