extension RuleCompiler {
    mutating func buildGraph(_ program: inout Program, _ facts: [RuleFacts]) {
        var edges: [RuleGraph.Edge] = []
        var seen = Set<RuleGraph.Edge>()
        func add(_ e: RuleGraph.Edge) { if seen.insert(e).inserted { edges.append(e) } }
        for v in program.variables {
            let reads = slots(v.expression)
            varReads[v.slot] = reads
            for s in reads.sorted() { add(.init(from: .signal(s), to: .signal(v.slot), triggers: true)) }
        }
        for (r, f) in facts.enumerated() {
            for s in f.triggerSlots.sorted() { add(.init(from: .signal(s), to: .rule(r), triggers: true)) }
            for s in f.readSlots.subtracting(f.triggerSlots).sorted() {
                add(.init(from: .signal(s), to: .rule(r), triggers: false))
            }
            for s in f.writes.sorted() { add(.init(from: .rule(r), to: .signal(s), triggers: true)) }
            for n in f.notifiers.sorted() { add(.init(from: .rule(r), to: .notifier(n), triggers: true)) }
        }
        program.graph = RuleGraph(edges: edges)
    }

    mutating func checkStatically(_ program: Program) {
        checkHoldConflicts(program)
        checkTriggerCycles(program)
        // With errors, rules that failed to compile read and write nothing here: "unused" would be noise.
        if !diagnostics.hasErrors { checkUnused(program) }
    }

    /// Two rules that can hold one output at the same priority with different values (a warning).
    mutating func checkHoldConflicts(_ program: Program) {
        var bySlot: [Int: [(rule: Int, priority: Int, value: CompiledExpression, range: SourceRange)]] = [:]
        for (r, f) in ruleFacts.enumerated() {
            for h in f.holds { bySlot[h.slot, default: []].append((r, h.priority, h.value, h.range)) }
        }
        for slot in bySlot.keys.sorted() {
            let holds = bySlot[slot]!
            var reported = Set<Int>()
            for j in holds.indices {
                for i in 0..<j where holds[i].priority == holds[j].priority && holds[i].rule != holds[j].rule {
                    if let a = holds[i].value.constantValue, let b = holds[j].value.constantValue, a == b { continue }
                    if reported.contains(j) { continue }
                    reported.insert(j)
                    let first = program.rules[holds[i].rule].name
                    let second = program.rules[holds[j].rule].name
                    warning("rules '\(first)' and '\(second)' can both hold '\(signals[slot].name)' at priority "
                            + "\(holds[j].priority) with different values; '\(first)' wins as it is written first — "
                            + "give one a higher 'priority'",
                            at: holds[j].range, notes: [.init("'\(first)' holds it here", at: holds[i].range)])
                }
            }
        }
    }

    /// Signals whose change reaches `slot`: itself and every var that reads it, directly or through vars.
    func affected(by slot: Int, readers: [Int: [Int]]) -> [Int] {
        var out: [Int] = [slot]
        var seen: Set<Int> = [slot]
        var frontier = [slot]
        while let s = frontier.popLast() {
            for v in readers[s] ?? [] where seen.insert(v).inserted {
                out.append(v)
                frontier.append(v)
            }
        }
        return out
    }

    /// Rules that start each other in the same instant, round and round (an error).
    mutating func checkTriggerCycles(_ program: Program) {
        let n = ruleFacts.count
        // Indexes: which vars read a signal, which rules a signal starts.
        var readers: [Int: [Int]] = [:]
        for (v, reads) in varReads.sorted(by: { $0.key < $1.key }) {
            for s in reads.sorted() { readers[s, default: []].append(v) }
        }
        var startedBy: [Int: [Int]] = [:]
        for (b, fb) in ruleFacts.enumerated() {
            for s in fb.triggerSlots.sorted() { startedBy[s, default: []].append(b) }
        }
        var next = [[Int]](repeating: [], count: n)
        var why = [[Int: Int]](repeating: [:], count: n)  // target rule -> written signal
        var affectedCache: [Int: [Int]] = [:]
        for (a, fa) in ruleFacts.enumerated() {
            for s in fa.immediateWrites.sorted() {
                let reach: [Int]
                if let cached = affectedCache[s] { reach = cached } else {
                    reach = affected(by: s, readers: readers)
                    affectedCache[s] = reach
                }
                for r in reach {
                    for b in startedBy[r] ?? [] where why[a][b] == nil {
                        next[a].append(b)
                        why[a][b] = s
                    }
                }
            }
        }
        for a in 0..<n { next[a].sort() }
        // Strongly connected components (Tarjan, iterative); report one cycle per component.
        var index = [Int](repeating: -1, count: n)
        var low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        var counter = 0
        var components: [[Int]] = []
        for root in 0..<n where index[root] < 0 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (v, e) = work.last {
                if e < next[v].count {
                    work[work.count - 1].edge += 1
                    let w = next[v][e]
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last { low[parent.node] = min(low[parent.node], low[v]) }
                    if low[v] == index[v] {
                        var component: [Int] = []
                        while let w = stack.popLast() {
                            onStack[w] = false
                            component.append(w)
                            if w == v { break }
                        }
                        let selfLoop = component.count == 1 && why[v][v] != nil
                        if component.count > 1 || selfLoop { components.append(component.sorted()) }
                    }
                }
            }
        }
        for component in components.sorted(by: { $0[0] < $1[0] }) {
            let members = Set(component)
            // Walk one cycle from the first rule, following edges inside the component.
            var path = [component[0]]
            var visited: Set<Int> = [component[0]]
            var current = component[0]
            while true {
                if why[current][component[0]] != nil, path.count > 1 || current == component[0] && why[current][current] != nil {
                    break
                }
                guard let step = next[current].first(where: { members.contains($0) && !visited.contains($0) }) else { break }
                path.append(step)
                visited.insert(step)
                current = step
            }
            let first = program.rules[component[0]]
            var notes: [Diagnostic.Note] = []
            var described: [String] = []
            for (k, r) in path.enumerated() {
                let to = k + 1 < path.count ? path[k + 1] : path[0]
                if let s = why[r][to] {
                    described.append(program.rules[r].name)
                    notes.append(.init("'\(program.rules[r].name)' writes '\(signals[s].name)', which starts '\(program.rules[to].name)'",
                                       at: program.rules[r].range))
                }
            }
            let names = (described + [first.name]).joined(separator: " -> ")
            let message = path.count == 1
                ? "rule '\(first.name)' starts itself again in the same instant (\(names)); it would run without end"
                : "rules start each other in the same instant without end: \(names)"
            error(message, at: first.range, notes: notes)
        }
    }

    /// Outputs nothing drives, notifiers nothing uses, inputs nothing reads (warnings).
    mutating func checkUnused(_ program: Program) {
        var written = Set<Int>()
        var read = Set<Int>()
        var notified = Set<Int>()
        for f in ruleFacts {
            written.formUnion(f.writes)
            read.formUnion(f.triggerSlots)
            read.formUnion(f.readSlots)
            notified.formUnion(f.notifiers)
        }
        for v in program.variables { read.formUnion(slots(v.expression)) }
        for o in program.outputs {
            if let p = o.payload { read.formUnion(slots(p)) }
        }
        for o in program.outputs where !written.contains(o.slot) {
            warning("output '\(signals[o.slot].name)' is never driven: no rule holds, sets, toggles or pulses it",
                    at: signals[o.slot].range)
        }
        for (i, n) in program.notifiers.enumerated() where !notified.contains(i) {
            warning("notifier '\(n.name)' is never used by a 'notify' action", at: n.range)
        }
        for input in program.inputs where !read.contains(input.slot) {
            warning("input '\(signals[input.slot].name)' is not read by any rule or var", at: signals[input.slot].range)
        }
    }
}

/// Reading literal scalars (`initial`, `safe`) as values of a signal type.
public enum LiteralValue {
    /// SPEC Precise semantics 1: the type of an `initial` when `type` is not given.
    static func inferType(_ literal: Literal) -> ValueType {
        if literal.quoted { return .string }
        if boolValue(literal.text) != nil { return .bool }
        if number(literal.text) != nil { return .number }
        return .string
    }

    package static func convert(_ literal: Literal, to type: ValueType) -> Value? {
        switch type {
        case .bool: return literal.quoted ? nil : boolValue(literal.text).map(Value.bool)
        case .number: return literal.quoted ? nil : number(literal.text).map(Value.number)
        case .string: return .string(literal.text)
        case .duration, .timeOfDay, .instant: return nil
        }
    }

    /// `true false on off` as YAML writes them (lower, title or upper case).
    public static func boolValue(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE", "on", "On", "ON": true
        case "false", "False", "FALSE", "off", "Off", "OFF": false
        default: nil
        }
    }

    /// A YAML 1.2 core-schema number (decimal, with optional sign, fraction and exponent).
    package static func number(_ text: String) -> Double? {
        guard let first = text.unicodeScalars.first, first == "-" || first == "+" || first == "." || ("0"..."9").contains(first),
              text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || "+-.eE".unicodeScalars.contains($0) }),
              let v = Double(text), v.isFinite
        else { return nil }
        return v
    }
}

/// The names an expression's text mentions, read with the expression lexer (for ordering vars before
/// compiling them).
enum IdentifierScan {
    /// Identifiers that are neither called (`avg(`) nor attributes (`.since`).
    static func names(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var lexer = Lexer(scalars, from: 0, to: scalars.count)
        let tokens = lexer.tokenize()
        var out: [String] = []
        for (i, token) in tokens.enumerated() {
            guard case .identifier(let name) = token.kind else { continue }
            if i > 0, tokens[i - 1].kind == .dot { continue }
            if i + 1 < tokens.count, tokens[i + 1].kind == .leftParen { continue }
            out.append(name)
        }
        return out
    }

    /// A single identifier such as `manual` (used for bare-word strings).
    static func isBareWord(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) || first == "_" else {
            return false
        }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }
}
