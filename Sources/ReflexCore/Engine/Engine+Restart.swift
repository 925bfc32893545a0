/// Restarts (SPEC "Restarts"): the snapshot of what survives, and putting it back at start-up. None of this is
/// on the path of an update or a timer.
extension Engine.Core {
    /// Names resolved once at start-up: rules and outputs by name.
    struct RestoredNames {
        var rules: [String: Int] = [:]
        var outputs: [String: Int] = [:]
        /// Outputs whose written value or `min_interval` clock came back: arbitrated at start-up.
        var touched: Set<Int> = []
    }

    func snapshot() -> EngineSnapshot {
        var s = EngineSnapshot(taken: now)
        for (slot, signal) in program.signals.enumerated() where signal.kind == .state {
            s.states.append(.init(name: signal.name, value: signals.values[slot],
                                  previous: signals.previousValues[slot], updated: signals.updated[slot],
                                  changed: signals.changed[slot]))
        }
        for r in program.rules.indices {
            let name = program.rules[r].name
            switch rules[r].phase {
            case .active:
                s.active.append(name)
            case .waiting:
                if let h = rules[r].forTimer, let deadline = scheduler.deadline(of: h) {
                    s.forClocks.append(.init(rule: name, deadline: deadline))
                }
            case .idle:
                break
            }
            if let run = rules[r].run {
                s.runs.append(.init(rule: name, list: run.list == .then ? .then : .else, next: run.next,
                                    resume: run.resume.flatMap { scheduler.deadline(of: $0) }))
            }
        }
        for o in program.outputs.indices {
            let name = program.signals[program.outputs[o].slot].name
            var pulsing = false
            if let h = pulseTimers[o], let end = scheduler.deadline(of: h) {
                pulsing = true
                s.pulses.append(.init(output: name, end: end, restore: arbiters[o].pulseRestore,
                                      rule: pulseOwners[o].map { program.rules[$0].name }))
            }
            if limiters[o].interval > 0, let last = limiters[o].lastChange {
                s.changeLimits.append(.init(output: name, lastChange: last, pending: limiters[o].pending,
                                            driven: limiters[o].driven))
            }
            if pulsing || !arbiters[o].written.isNone {
                s.written.append(.init(output: name, value: arbiters[o].written))
            }
        }
        return s
    }

    /// Whether a value fits a signal's type (`none` fits any).
    func fits(_ value: Value, _ slot: Int) -> Bool {
        value.isNone || value.type == program.signals[slot].type
    }

    /// What is in place before t = 0, like initial values: `state` values (no trigger, no window sample), the
    /// written values of outputs with their running pulses, and `min_interval` clocks.
    mutating func restoreValues(_ s: EngineSnapshot) -> RestoredNames {
        var names = RestoredNames()
        var slots: [String: Int] = [:]
        for (slot, signal) in program.signals.enumerated() { slots[signal.name] = slot }
        for (r, rule) in program.rules.enumerated() { names.rules[rule.name] = r }
        for (o, output) in program.outputs.enumerated() { names.outputs[program.signals[output.slot].name] = o }
        let start = now
        for state in s.states {
            guard let slot = slots[state.name], program.signals[slot].kind == .state, fits(state.value, slot),
                  fits(state.previous, slot)
            else {
                droppedOnRestore.append("state '\(state.name)'")
                continue
            }
            signals.values[slot] = state.value
            signals.previousValues[slot] = state.previous
            signals.updated[slot] = min(state.updated, start)
            signals.changed[slot] = min(state.changed, start)
        }
        var pulses: [Int: EngineSnapshot.Pulse] = [:]
        for p in s.pulses { if let o = names.outputs[p.output] { pulses[o] = p } }
        for w in s.written {
            guard let o = names.outputs[w.output], fits(w.value, program.outputs[o].slot) else {
                droppedOnRestore.append("written value of '\(w.output)'")
                continue
            }
            let pulse = pulses[o]
            arbiters[o].restore(written: w.value, pulse: pulse != nil,
                                restore: pulse?.restore.flatMap { fits($0, program.outputs[o].slot) ? $0 : nil })
            names.touched.insert(o)
        }
        for c in s.changeLimits {
            guard let o = names.outputs[c.output], limiters[o].interval > 0,
                  c.pending.map({ fits($0, program.outputs[o].slot) }) ?? true
            else {
                droppedOnRestore.append("min_interval clock of '\(c.output)'")
                continue
            }
            limiters[o].restore(lastChange: min(c.lastChange, start), pending: c.pending)
            names.touched.insert(o)
        }
        return names
    }

    /// The clocks, at their original deadlines: `for:` clocks whose `when` still holds, pending runs, pulses
    /// (their runs stay pending until they end) and `min_interval` clocks.
    mutating func restoreClocks(_ s: EngineSnapshot, _ names: RestoredNames) {
        for clock in s.forClocks {
            guard let r = names.rules[clock.rule], plan.rules[r].isLevel, plan.rules[r].forDuration > 0 else {
                droppedOnRestore.append("for clock of rule '\(clock.rule)'")
                continue
            }
            // A condition that no longer holds has no clock: the start-up evaluation starts a new one if it does.
            // One that cannot be decided yet, because an input it reads has not reported since the start (a
            // sensor's first reading after a restart), keeps its clock until the inputs say.
            let holds = isTrue(plan.rules[r].when)
            guard holds || awaitsInputs(r) else { continue }
            rules[r].awaitingInputs = !holds
            rules[r].phase = .waiting
            rules[r].forTimer = scheduler.schedule(at: clock.deadline, .forElapsed(rule: r))
            // One that ran out while the engine was down is traced `late` instead.
            if tracing, clock.deadline >= now { trace(.waiting(rule: r, until: clock.deadline)) }
        }
        for run in s.runs {
            let list: Engine.ListKind = run.list == .then ? .then : .otherwise
            // A level rule's `then` run goes with its active phase, its `else` run with its release.
            guard let r = names.rules[run.rule], rules[r].run == nil, fitsRun(r, list, run),
                  !plan.rules[r].isLevel || (list == .then) == s.active.contains(run.rule)
            else {
                droppedOnRestore.append("run of rule '\(run.rule)'")
                continue
            }
            runIDs &+= 1
            let resume = run.resume.map { scheduler.schedule(at: $0, .resume(rule: r, run: runIDs)) }
            rules[r].run = Engine.Run(list: list, next: run.next, id: runIDs, resume: resume, pulses: 0)
        }
        for p in s.pulses {
            guard let o = names.outputs[p.output], arbiters[o].pulse != nil else {
                droppedOnRestore.append("pulse on '\(p.output)'")
                continue
            }
            pulseTimers[o] = scheduler.schedule(at: p.end, .pulseEnd(output: o))
            if let rule = p.rule, let r = names.rules[rule], var run = rules[r].run {
                run.pulses += 1
                rules[r].run = run
                pulseOwners[o] = r
            }
        }
        for o in program.outputs.indices where names.touched.contains(o) { armLimit(o) }
        // A run that waited only for pulses that did not come back is over.
        for r in rules.indices where rules[r].run != nil { finishIfDone(r) }
    }

    /// Whether a pending run still fits the rule: its next step within the list, after a `delay` if it waits
    /// for one.
    func fitsRun(_ r: Int, _ list: Engine.ListKind, _ run: EngineSnapshot.Run) -> Bool {
        let steps = list == .then ? plan.rules[r].then : plan.rules[r].otherwise
        guard run.next >= 0, run.next <= steps.count else { return false }
        guard run.resume != nil else { return true }
        guard run.next > 0, case .delay = plan.actions[Int(steps.lowerBound) + run.next - 1] else { return false }
        return true
    }

    /// Deadlines that passed while the engine was down run now, in deadline order, each traced as late.
    mutating func runLate() {
        let start = now
        while let due = scheduler.popDue(at: start - 1) {
            beginCascade()
            if tracing {
                let timer = traced(due.payload)
                trace(.late(timer, by: start - due.deadline))
                trace(.timer(timer))
            }
            handle(due.payload)
            settle()
        }
    }

    /// Level rules that were active are active again, their holds in place, without running `then` again (the
    /// start-up evaluation that follows releases those whose condition no longer holds); outputs whose written
    /// value or clock came back are arbitrated, and driven with what the evaluation decides.
    mutating func restoreActive(_ s: EngineSnapshot, _ names: RestoredNames) {
        for name in s.active {
            guard let r = names.rules[name], plan.rules[r].isLevel, rules[r].phase == .idle else {
                droppedOnRestore.append("active rule '\(name)'")
                continue
            }
            rules[r].phase = .active
            refreshHolds(r, active: false)
        }
        for o in program.outputs.indices where names.touched.contains(o) { arbitrate(o) }
    }

    /// Whether an input the rule's `when` reads has no value: the condition cannot be decided yet.
    func awaitsInputs(_ r: Int) -> Bool {
        plan.sources[Int(plan.rules[r].when)].dependencies.signals(windows: program.windows).contains {
            program.signals[$0].kind == .input && signals.values[$0].isNone
        }
    }
}
