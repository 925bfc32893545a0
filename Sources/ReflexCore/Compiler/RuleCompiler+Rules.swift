extension RuleCompiler {
    /// What one compiled rule reads and writes, for the graph and the static checks.
    struct RuleFacts {
        /// Signals whose change can start the rule (triggers, `when` / `until` reads).
        var triggerSlots: Set<Int> = []
        /// Signals read elsewhere (guards, values, templates).
        var readSlots: Set<Int> = []
        /// Signals written before any `delay` (they can start other rules in the same instant).
        var immediateWrites: Set<Int> = []
        var writes: Set<Int> = []
        var notifiers: Set<Int> = []
        var holds: [(slot: Int, priority: Int, value: CompiledExpression, range: SourceRange)] = []
    }

    mutating func compileRules(_ program: inout Program) {
        var seen: [String: SourceRange] = [:]
        var facts: [RuleFacts] = []
        for decl in ruleSet.rules {
            guard isFirstDefinition(decl.name, of: "rule", in: &seen) else { continue }
            var f = RuleFacts()
            guard let rule = compileRule(decl, program: program, facts: &f) else { continue }
            program.rules.append(rule)
            facts.append(f)
        }
        ruleFacts = facts
        buildGraph(&program, facts)
    }

    mutating func compileRule(_ decl: RuleDecl, program: Program, facts f: inout RuleFacts) -> Program.Rule? {
        var ok = true
        let trigger: Program.RuleTrigger
        switch decl.trigger {
        case .level(let level):
            let when = expression(level.when, expecting: .bool)
            let until = level.until.flatMap { expression($0, expecting: .bool) }
            if let when { f.triggerSlots.formUnion(slots(when)) }
            if let until { f.triggerSlots.formUnion(slots(until)) }
            guard let when, level.until == nil || until != nil else { ok = false; trigger = .event(triggers: [], guardCondition: nil); break }
            trigger = .level(when: when, for: level.forDuration?.value, until: until)
        case .event(let event):
            var triggers: [Program.Trigger] = []
            for t in event.triggers {
                switch t.value {
                case .signal(let name, let edge):
                    guard let info = lookupSignal(name) else { ok = false; continue }
                    if edge == .rise || edge == .fall, info.type != .bool {
                        error("'.\(edge.rawValue)' needs a bool signal; '\(name.value)' is \(info.type.withArticle)",
                              at: t.range)
                        ok = false
                        continue
                    }
                    f.triggerSlots.insert(info.slot)
                    triggers.append(.signal(slot: info.slot, edge: edge))
                case .every(let ms): triggers.append(.every(ms))
                case .at(let ms): triggers.append(.at(ms))
                case .startup: triggers.append(.startup)
                }
            }
            var guardCondition: CompiledExpression?
            if let g = event.guardCondition {
                guardCondition = expression(g, expecting: .bool)
                if let guardCondition { f.readSlots.formUnion(slots(guardCondition)) } else { ok = false }
            }
            trigger = .event(triggers: triggers, guardCondition: guardCondition)
        }
        let priority = decl.priority?.value ?? 0
        var holds: [Program.Hold] = []
        for h in decl.holds {
            guard let info = lookupSignal(h.output, expecting: "output") else { ok = false; continue }
            guard info.kind == .output else {
                error("only outputs can be held; '\(h.output.value)' is \(info.kind.article) \(info.kind.word)"
                      + (info.kind == .state ? " (use 'set' in 'then')" : ""), at: h.output.range)
                ok = false
                continue
            }
            guard let v = value(h.value, for: info.type) else { ok = false; continue }
            // A hold is kept up to date while the rule is active: what it reads re-runs it, like a trigger.
            f.triggerSlots.formUnion(slots(v))
            f.writes.insert(info.slot)
            f.immediateWrites.insert(info.slot)
            f.holds.append((info.slot, priority, v, h.output.range))
            holds.append(Program.Hold(slot: info.slot, value: v))
        }
        var immediate = true
        let then = actions(decl.then, program: program, facts: &f, immediate: &immediate)
        immediate = true
        let otherwise = actions(decl.otherwise, program: program, facts: &f, immediate: &immediate)
        guard ok, let then, let otherwise else { return nil }
        return Program.Rule(name: decl.name.value, range: decl.name.range, trigger: trigger, priority: priority,
                            mode: decl.mode?.value ?? .single, holds: holds, then: then, otherwise: otherwise)
    }

    /// A signal by name, with "did you mean" over all signals (or over those of one kind).
    mutating func lookupSignal(_ name: Located<String>, expecting kind: String? = nil) -> SignalInfo? {
        if let info = table.byName[name.value] { return info }
        if failedVars.contains(name.value) { return nil }
        let hint = Suggestion.didYouMean(name.value, in: table.names + failedVars.sorted())
        error("unknown \(kind ?? "signal") '\(name.value)'\(hint)", at: name.range)
        return nil
    }

    /// A target of `set` / `toggle` / `pulse`: an output or a state signal.
    mutating func writableSignal(_ name: Located<String>, action: String, outputsOnly: Bool = false) -> SignalInfo? {
        guard let info = lookupSignal(name) else { return nil }
        switch info.kind {
        case .output: return info
        case .state where !outputsOnly: return info
        case .state:
            error("'\(action)' drives outputs; '\(name.value)' is a state (use 'set')", at: name.range)
        case .input:
            error("cannot \(action) input '\(name.value)': inputs are written by their source", at: name.range)
        case .variable:
            error("cannot \(action) var '\(name.value)': vars are computed from their expression", at: name.range)
        }
        return nil
    }

    /// Compiles an action list into flat steps (jump targets are indices in the returned list).
    mutating func actions(_ list: [Action], program: Program, facts f: inout RuleFacts, immediate: inout Bool)
        -> [Program.Step]?
    {
        var out: [Program.Step] = []
        var ok = true
        for action in list {
            guard let steps = compileAction(action, program: program, facts: &f, immediate: &immediate) else {
                ok = false
                continue
            }
            let base = out.count
            out += steps.map { $0.relocated(by: base) }
        }
        return ok ? out : nil
    }

    mutating func noteWrite(_ slot: Int, _ f: inout RuleFacts, immediate: Bool) {
        f.writes.insert(slot)
        if immediate { f.immediateWrites.insert(slot) }
    }

    /// The steps of one action; jump targets count from its first step.
    mutating func compileAction(_ action: Action, program: Program, facts f: inout RuleFacts, immediate: inout Bool)
        -> [Program.Step]?
    {
        if case .branch(let condition, let thenList, let elseList) = action.kind {
            let c = expression(condition, expecting: .bool)
            var thenImmediate = immediate
            var elseImmediate = immediate
            let a = actions(thenList, program: program, facts: &f, immediate: &thenImmediate)
            let b = actions(elseList, program: program, facts: &f, immediate: &elseImmediate)
            immediate = thenImmediate && elseImmediate
            guard let c, let a, let b else { return nil }
            f.readSlots.formUnion(slots(c))
            // branch, then-steps, [jump past else], else-steps
            let elseStart = 1 + a.count + (b.isEmpty ? 0 : 1)
            var steps: [Program.Step] = [.branch(condition: c, otherwise: elseStart)]
            steps += a.map { $0.relocated(by: 1) }
            if !b.isEmpty {
                steps.append(.jump(elseStart + b.count))
                steps += b.map { $0.relocated(by: elseStart) }
            }
            return steps
        }
        return compileSimpleAction(action, program: program, facts: &f, immediate: &immediate).map { [$0] }
    }

    /// An action other than `if`: one step.
    mutating func compileSimpleAction(_ action: Action, program: Program, facts f: inout RuleFacts,
                                      immediate: inout Bool) -> Program.Step?
    {
        switch action.kind {
        case .set(let assignments):
            var out: [(slot: Int, value: CompiledExpression)] = []
            var ok = true
            for a in assignments {
                guard let info = writableSignal(a.target, action: "set") else { ok = false; continue }
                guard let v = value(a.value, for: info.type) else { ok = false; continue }
                f.readSlots.formUnion(slots(v))
                noteWrite(info.slot, &f, immediate: immediate)
                out.append((info.slot, v))
            }
            return ok ? .set(out) : nil
        case .toggle(let target):
            guard let info = writableSignal(target, action: "toggle") else { return nil }
            guard info.type == .bool else {
                error("'toggle' needs a bool signal; '\(target.value)' is \(info.type.withArticle)", at: target.range)
                return nil
            }
            noteWrite(info.slot, &f, immediate: immediate)
            return .toggle(slot: info.slot)
        case .pulse(let a, let duration):
            guard let info = writableSignal(a.target, action: "pulse", outputsOnly: true),
                  let v = value(a.value, for: info.type) else { return nil }
            f.readSlots.formUnion(slots(v))
            noteWrite(info.slot, &f, immediate: immediate)
            return .pulse(slot: info.slot, value: v, duration: duration.value)
        case .notify(let notifier, let message, let fields):
            guard let index = program.notifiers.firstIndex(where: { $0.name == notifier.value }) else {
                if failedVars.contains(notifier.value) { return nil }
                let hint = Suggestion.didYouMean(notifier.value, in: program.notifiers.map(\.name))
                error("unknown notifier '\(notifier.value)'\(hint)", at: notifier.range)
                return nil
            }
            f.notifiers.insert(index)
            var ok = true
            let m = message.flatMap { template($0) }
            if message != nil, m == nil { ok = false }
            var compiledFields: [(name: String, value: CompiledTemplate)] = []
            for field in fields {
                if let t = template(field.value) { compiledFields.append((field.name.value, t)) } else { ok = false }
            }
            guard ok, let m else { return nil }
            f.readSlots.formUnion(slots(m))
            for field in compiledFields { f.readSlots.formUnion(slots(field.value)) }
            return .notify(notifier: index, message: m, fields: compiledFields)
        case .publish(let topic, let payload, let qos, let retain):
            let t = template(topic)
            let p = template(payload)
            guard let t, let p else { return nil }
            f.readSlots.formUnion(slots(t))
            f.readSlots.formUnion(slots(p))
            return .publish(topic: t, payload: p, qos: qos?.value ?? 0, retain: retain?.value ?? false)
        case .delay(let d):
            immediate = false
            return .delay(d.value)
        case .log(let text):
            guard let t = template(text) else { return nil }
            f.readSlots.formUnion(slots(t))
            return .log(t)
        case .branch:
            preconditionFailure("'if' actions are compiled by compileAction")
        }
    }

    /// Every signal slot an expression depends on: values, attributes and windows.
    func slots(_ e: CompiledExpression) -> Set<Int> { e.dependencies.signals(windows: windows.windows) }

    func slots(_ t: CompiledTemplate) -> Set<Int> { t.dependencies.signals(windows: windows.windows) }
}
