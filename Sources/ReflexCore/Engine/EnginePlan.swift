/// The engine's flat form of a `Program`, built once when the engine is made: every expression's code in one
/// array, rules and their holds and actions as records of integers, and the indexes from a signal to what
/// reads it as one array with offsets per slot. The hot path reads only these, so it copies nothing that is
/// reference-counted and never scans what an event does not touch (DESIGN house rule 5).
struct EnginePlan {
    /// Where one expression's code lies in `code`; its constants are already at their place in `constants`.
    struct Expression {
        var start: Int32
        var end: Int32
        var shape: Shape
    }

    /// The forms most conditions and values take, which the engine evaluates without running their code.
    enum Shape {
        case code
        /// `signal OP constant`, such as `temp > 30`.
        case comparison(slot: Int32, constant: Int32, op: ComparisonOperator)
        /// A signal's value.
        case signal(slot: Int32)
        case constant(Int32)
    }

    struct Rule {
        var isLevel: Bool
        /// Level rules: `when` and `until` (-1: none); event rules: the `if` guard in `when` (-1: none).
        var when: Int32
        var until: Int32
        /// The `for` duration; 0 when there is none.
        var forDuration: Int64
        var priority: Int32
        var mode: RunMode
        /// Whether time alone can change the condition or a hold (then the rule keeps a re-check timer).
        var changesWithTime: Bool
        var holds: Range<Int32>
        var then: Range<Int32>
        var otherwise: Range<Int32>
    }

    struct Hold {
        var output: Int32
        var value: Int32
    }

    /// One step of a `then` / `else` list, with the same index as in the `Program`'s list.
    enum Action {
        /// The assignments at `assignments[first..<first + count]`.
        case set(first: Int32, count: Int32)
        case toggle(slot: Int32)
        case pulse(output: Int32, value: Int32, duration: Int64)
        case delay(Int64)
        case branch(condition: Int32, otherwise: Int32)
        case jump(Int32)
        /// `notify`, `publish` or `log`: rendered from the `Program`'s step (they build text anyway).
        case message
    }

    struct Assignment {
        var slot: Int32
        var value: Int32
    }

    /// A rule started by what happens to a signal: a level rule by anything, an event rule by its edges.
    struct Reader {
        var rule: Int32
        /// `Engine.Events` bits that start the rule.
        var events: UInt8
    }

    struct Variable {
        var slot: Int32
        var value: Int32
        /// Its value can change with time alone (`.age`, `.since`, time of day): it has re-checks of its own.
        var changesWithTime: Bool
    }

    var code: [Instruction] = []
    var constants: [Value] = []
    var expressions: [Expression] = []
    /// The compiled expressions by the same index, for what needs them whole (`nextChange`).
    var sources: [CompiledExpression] = []
    /// The deepest stack any expression or template needs.
    var maxStackDepth = 1

    var rules: [Rule] = []
    var holds: [Hold] = []
    var actions: [Action] = []
    var assignments: [Assignment] = []
    var variables: [Variable] = []
    /// Output index by slot, -1 for other signals.
    var outputOf: [Int32] = []
    var outputSlot: [Int32] = []
    var windows: [WindowSpec] = []

    /// Per slot, `readers[readerStart[slot]..<readerStart[slot + 1]]`, by rule index.
    var readerStart: [Int32] = []
    var readers: [Reader] = []
    /// Per slot, the vars that read it (indices into `variables`, ascending).
    var variableReaderStart: [Int32] = []
    var variableReaders: [Int32] = []
    /// Per slot, the windows over it.
    var windowStart: [Int32] = []
    var windowsOf: [Int32] = []

    init(_ program: Program) {
        let n = program.signals.count
        outputOf = Array(repeating: -1, count: n)
        outputSlot = program.outputs.map { Int32($0.slot) }
        for (i, o) in program.outputs.enumerated() { outputOf[o.slot] = Int32(i) }
        windows = program.windows

        variables = program.variables.map {
            Variable(slot: Int32($0.slot), value: 0, changesWithTime: $0.expression.dependencies.changesWithTime)
        }
        for i in program.variables.indices { variables[i].value = add(program.variables[i].expression) }

        for rule in program.rules {
            let holdStart = Int32(holds.count)
            for h in rule.holds { holds.append(Hold(output: outputOf[h.slot], value: add(h.value))) }
            let holdRange = holdStart..<Int32(holds.count)
            let then = add(rule.then)
            let otherwise = add(rule.otherwise)
            switch rule.trigger {
            case .level(let when, let forDuration, let until):
                let timed = when.dependencies.changesWithTime || (until?.dependencies.changesWithTime ?? false)
                    || rule.holds.contains { $0.value.dependencies.changesWithTime }
                rules.append(Rule(isLevel: true, when: add(when), until: until.map { add($0) } ?? -1,
                                  forDuration: max(0, forDuration ?? 0), priority: Int32(rule.priority),
                                  mode: rule.mode, changesWithTime: timed, holds: holdRange, then: then,
                                  otherwise: otherwise))
            case .event(_, let guardCondition):
                rules.append(Rule(isLevel: false, when: guardCondition.map { add($0) } ?? -1, until: -1,
                                  forDuration: 0, priority: Int32(rule.priority), mode: rule.mode,
                                  changesWithTime: false, holds: holdRange, then: then, otherwise: otherwise))
            }
        }

        // Readers: per slot, the rules started by it, ascending, one entry per rule.
        var byRule = Array(repeating: [(rule: Int32, events: UInt8)](), count: n)
        for (r, rule) in program.rules.enumerated() {
            switch rule.trigger {
            case .level(let when, _, let until):
                var slots = when.dependencies.signals(windows: program.windows)
                if let until { slots.formUnion(until.dependencies.signals(windows: program.windows)) }
                for h in rule.holds { slots.formUnion(h.value.dependencies.signals(windows: program.windows)) }
                for slot in slots { byRule[slot].append((Int32(r), UInt8.max)) }
            case .event(let triggers, _):
                for t in triggers {
                    guard case .signal(let slot, let edge) = t else { continue }
                    let bits = Engine.events(for: edge).rawValue
                    if let i = byRule[slot].firstIndex(where: { $0.rule == Int32(r) }) {
                        byRule[slot][i].events |= bits
                    } else {
                        byRule[slot].append((Int32(r), bits))
                    }
                }
            }
        }
        readerStart = [0]
        for slot in 0..<n {
            for entry in byRule[slot].sorted(by: { $0.rule < $1.rule }) {
                readers.append(Reader(rule: entry.rule, events: entry.events))
            }
            readerStart.append(Int32(readers.count))
        }

        var varsBySlot = Array(repeating: [Int32](), count: n)
        for (i, v) in program.variables.enumerated() {
            for slot in v.expression.dependencies.signals(windows: program.windows) {
                varsBySlot[slot].append(Int32(i))
            }
        }
        variableReaderStart = [0]
        for slot in 0..<n {
            variableReaders += varsBySlot[slot].sorted()
            variableReaderStart.append(Int32(variableReaders.count))
        }

        var windowsBySlot = Array(repeating: [Int32](), count: n)
        for (i, w) in program.windows.enumerated() { windowsBySlot[w.slot].append(Int32(i)) }
        windowStart = [0]
        for slot in 0..<n {
            windowsOf += windowsBySlot[slot]
            windowStart.append(Int32(windowsOf.count))
        }
    }

    /// Adds an expression's code and constants; returns its index.
    private mutating func add(_ e: CompiledExpression) -> Int32 {
        let start = Int32(code.count)
        let base = Int32(constants.count)
        constants += e.constants
        for instruction in e.code {
            if case .constant(let index) = instruction {
                code.append(.constant(index + base))
            } else {
                code.append(instruction)
            }
        }
        let shape = Self.shape(of: e.code, base: base)
        expressions.append(Expression(start: start, end: Int32(code.count), shape: shape))
        sources.append(e)
        maxStackDepth = max(maxStackDepth, e.maxStackDepth)
        return Int32(expressions.count - 1)
    }

    /// Makes the stack deep enough for a template's expressions too (they are rendered on the same stack).
    private mutating func fit(_ template: CompiledTemplate) {
        for part in template.parts {
            if case .expression(let e) = part { maxStackDepth = max(maxStackDepth, e.maxStackDepth) }
        }
    }

    static func shape(of code: [Instruction], base: Int32) -> Shape {
        if code.count == 3, case .value(let slot) = code[0], case .constant(let k) = code[1],
            case .compare(let op) = code[2]
        {
            return .comparison(slot: slot, constant: k + base, op: op)
        }
        if code.count == 1, case .value(let slot) = code[0] { return .signal(slot: slot) }
        if code.count == 1, case .constant(let k) = code[0] { return .constant(k + base) }
        return .code
    }

    /// Adds a `then` / `else` list; returns where its actions lie.
    private mutating func add(_ steps: [Program.Step]) -> Range<Int32> {
        let start = Int32(actions.count)
        for step in steps {
            switch step {
            case .set(let list):
                let first = Int32(assignments.count)
                for a in list { assignments.append(Assignment(slot: Int32(a.slot), value: add(a.value))) }
                actions.append(.set(first: first, count: Int32(list.count)))
            case .toggle(let slot):
                actions.append(.toggle(slot: Int32(slot)))
            case .pulse(let slot, let value, let duration):
                actions.append(.pulse(output: outputOf[slot], value: add(value), duration: duration))
            case .delay(let ms):
                actions.append(.delay(ms))
            case .branch(let condition, let otherwise):
                actions.append(.branch(condition: add(condition), otherwise: Int32(otherwise)))
            case .jump(let target):
                actions.append(.jump(Int32(target)))
            case .notify(_, let message, let fields):
                fit(message)
                for field in fields { fit(field.value) }
                actions.append(.message)
            case .publish(let topic, let payload, _, _):
                fit(topic)
                fit(payload)
                actions.append(.message)
            case .log(let template):
                fit(template)
                actions.append(.message)
            }
        }
        return start..<Int32(actions.count)
    }

    /// Where a slot's entries lie in `readers`, `variableReaders` and `windowsOf`.
    func readers(of slot: Int) -> Range<Int> { Int(readerStart[slot])..<Int(readerStart[slot + 1]) }
    func variableReaders(of slot: Int) -> Range<Int> {
        Int(variableReaderStart[slot])..<Int(variableReaderStart[slot + 1])
    }
    func windows(of slot: Int) -> Range<Int> { Int(windowStart[slot])..<Int(windowStart[slot + 1]) }
}
