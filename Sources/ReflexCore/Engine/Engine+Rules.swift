extension Engine.Core {
    typealias ListKind = Engine.ListKind
    typealias Run = Engine.Run

    // MARK: Level rules

    /// Re-evaluates a level rule: idle → waiting (`for`) or active; waiting → idle when the condition fails;
    /// active → released when `until` holds (or, without `until`, when `when` fails). Active holds follow
    /// their expressions. Then a re-check is set for the instant time alone can change the answer.
    mutating func evaluateLevel(_ r: Int) {
        let rule = plan.rules[r]
        guard rule.isLevel else { return }
        switch rules[r].phase {
        case .idle:
            if isTrue(rule.when) {
                if rule.forDuration > 0 {
                    rules[r].phase = .waiting
                    rules[r].forTimer = scheduler.schedule(at: now + rule.forDuration, .forElapsed(rule: r))
                    if tracing { trace(.waiting(rule: r, until: now + rule.forDuration)) }
                } else {
                    activate(r)
                }
            }
        case .waiting:
            if rules[r].awaitingInputs {
                // A clock restored before its inputs reported (Engine+Restart): decided once they all have.
                if awaitsInputs(r) { break }
                rules[r].awaitingInputs = false
                if rules[r].elapsedAwaitingInputs, isTrue(rule.when) {
                    rules[r].elapsedAwaitingInputs = false
                    activate(r)
                    break
                }
                rules[r].elapsedAwaitingInputs = false
            }
            if !isTrue(rule.when) {
                if let h = rules[r].forTimer { scheduler.cancel(h) }
                rules[r].forTimer = nil
                rules[r].phase = .idle
                if tracing { trace(.cancelled(rule: r)) }
            }
        case .active:
            let releases = rule.until >= 0 ? isTrue(rule.until) : !isTrue(rule.when)
            if releases { release(r) } else { refreshHolds(r, active: true) }
        }
        // A rule whose condition and holds do not change with time alone never has a re-check to move.
        if rule.changesWithTime { armRecheck(r) }
    }

    mutating func activate(_ r: Int) {
        guard countRun(r) else { return }
        if tracing { trace(.activated(rule: r)) }
        rules[r].phase = .active
        refreshHolds(r, active: false)
        startRun(r, .then)
    }

    mutating func release(_ r: Int) {
        guard countRun(r) else { return }
        if tracing { trace(.released(rule: r)) }
        rules[r].phase = .idle
        for h in plan.rules[r].holds {
            let o = Int(plan.holds[Int(h)].output)
            arbiters[o].release(rule: Int32(r))
            arbitrate(o)
        }
        cancelRun(r)
        startRun(r, .otherwise)
    }

    /// Puts the rule's holds in place with their values now (`active`: they are in place already, and this
    /// brings their values up to date). Arbitration runs again only where something changed or where a
    /// `min_interval` clock waits; anywhere else it would decide what it decided before and do nothing.
    mutating func refreshHolds(_ r: Int, active: Bool) {
        let rule = plan.rules[r]
        for h in rule.holds {
            let hold = plan.holds[Int(h)]
            let o = Int(hold.output)
            let waiting = limitTimers[o] != nil
            if active, !waiting, case .constant = plan.expressions[Int(hold.value)].shape { continue }
            let value = evaluate(hold.value)
            if arbiters[o].hold(rule: Int32(r), priority: rule.priority, value: value) || waiting { arbitrate(o) }
        }
    }

    /// Sets the rule's re-check at the next instant its condition (or an active hold) can change with time.
    mutating func armRecheck(_ r: Int) {
        let rule = plan.rules[r]
        var next: Int64?
        defer { rules[r].recheck = rearm(rules[r].recheck, at: next, .recheck(rule: r)) }
        guard rule.isLevel else { return }
        let active = rules[r].phase == .active
        considerChange(of: active && rule.until >= 0 ? rule.until : rule.when, into: &next)
        if active { for h in rule.holds { considerChange(of: plan.holds[Int(h)].value, into: &next) } }
    }

    /// Lowers `next` to the next instant after now at which time alone changes the plan's expression `e`.
    mutating func considerChange(of e: Int32, into next: inout Int64?) {
        let expression = plan.sources[Int(e)]
        guard expression.dependencies.changesWithTime else { return }
        if let t = evaluator.nextChange(expression, in: signals.view), t > now { next = min(next ?? t, t) }
    }

    // MARK: Event rules

    /// A trigger of an event rule: the guard picks `then` or `else`; `mode` decides what happens to a run
    /// still pending (SPEC Precise semantics 5).
    mutating func fire(_ r: Int) {
        let rule = plan.rules[r]
        guard !rule.isLevel else { return }
        let list: ListKind = rule.when < 0 || isTrue(rule.when) ? .then : .otherwise
        if steps(r, list).isEmpty { return }
        guard rules[r].run != nil else {
            if countRun(r) { begin(r, list) }
            return
        }
        switch rule.mode {
        case .single:
            drop(r)
        case .restart:
            guard countRun(r) else { return }
            cancelRun(r)
            begin(r, list)
        case .queue:
            guard rules[r].queued.count < 10 else { return drop(r) }
            rules[r].queued.append(list)
            if tracing { trace(.queued(rule: r)) }
        }
    }

    /// An event rule's run starts (the trace says which list).
    mutating func begin(_ r: Int, _ list: ListKind) {
        if tracing { trace(.fired(rule: r, otherwise: list == .otherwise)) }
        startRun(r, list)
    }

    mutating func drop(_ r: Int) {
        rules[r].dropped += 1
        if tracing { trace(.dropped(rule: r)) }
    }

    /// Counts a rule run in this instant; past the cascade limit the cascade stops and says which rule.
    mutating func countRun(_ r: Int) -> Bool {
        runsThisInstant += 1
        if runsThisInstant <= Engine.cascadeLimit { return true }
        if !cascadeStopped {
            cascadeStopped = true
            emit(.log(rule: program.rules[r].name,
                      message: "cascade stopped: more than \(Engine.cascadeLimit) rule runs at one instant"))
        }
        return false
    }

    // MARK: Runs

    /// Where the rule's list lies in the plan's actions.
    func steps(_ r: Int, _ list: ListKind) -> Range<Int32> {
        list == .then ? plan.rules[r].then : plan.rules[r].otherwise
    }

    mutating func startRun(_ r: Int, _ list: ListKind) {
        if steps(r, list).isEmpty { return }
        runIDs &+= 1
        rules[r].run = Run(list: list, next: 0, id: runIDs, resume: nil, pulses: 0)
        continueRun(r)
    }

    /// Runs steps until the list ends or a `delay` pauses it.
    mutating func continueRun(_ r: Int) {
        guard var run = rules[r].run else { return }
        let list = steps(r, run.list)
        while run.next < list.count {
            let index = run.next
            run.next += 1
            switch plan.actions[Int(list.lowerBound) + index] {
            case .delay(let ms):
                run.resume = scheduler.schedule(at: now + ms, .resume(rule: r, run: run.id))
                rules[r].run = run
                return
            case .branch(let condition, let otherwise):
                if !isTrue(condition) { run.next = Int(otherwise) }
            case .jump(let target):
                run.next = Int(target)
            case .pulse(let output, let value, let duration):
                rules[r].run = run
                startPulse(r, output: Int(output), value: evaluate(value), duration: duration)
                run = rules[r].run ?? run
            case .set(let first, let count):
                rules[r].run = run
                if count == 1 {
                    let a = plan.assignments[Int(first)]
                    assign(Int(a.slot), evaluate(a.value))
                } else {
                    // Every value is evaluated before any is written (one action, one instant).
                    setScratch.removeAll()
                    for a in first..<(first + count) { setScratch.append(evaluate(plan.assignments[Int(a)].value)) }
                    for a in first..<(first + count) {
                        assign(Int(plan.assignments[Int(a)].slot), setScratch[Int(a - first)])
                    }
                }
                guard let current = rules[r].run, current.id == run.id else { return }
                run = current
            case .toggle(let slot):
                rules[r].run = run
                let current = signals.values[Int(slot)]
                assign(Int(slot), .bool(!(current == .bool(true))))
                guard let current = rules[r].run, current.id == run.id else { return }
                run = current
            case .message:
                rules[r].run = run
                let steps = run.list == .then ? program.rules[r].then : program.rules[r].otherwise
                perform(steps[index], rule: r)
                guard let current = rules[r].run, current.id == run.id else { return }
                run = current
            }
        }
        rules[r].run = run
        finishIfDone(r)
    }

    /// A run is pending until its last step ran and its pulses ended; then a queued trigger runs.
    mutating func finishIfDone(_ r: Int) {
        guard let run = rules[r].run, run.resume == nil, run.next >= steps(r, run.list).count, run.pulses == 0
        else { return }
        rules[r].run = nil
        if !rules[r].queued.isEmpty {
            let next = rules[r].queued.removeFirst()
            if countRun(r) { begin(r, next) }
        }
    }

    /// Cancels the rule's pending run: its delay is dropped and its running pulses end now.
    mutating func cancelRun(_ r: Int) {
        guard let run = rules[r].run else { return }
        if let h = run.resume { scheduler.cancel(h) }
        rules[r].run = nil
        rules[r].queued.removeAll()
        for o in pulseOwners.indices where pulseOwners[o] == r {
            if let h = pulseTimers[o] { scheduler.cancel(h) }
            pulseTimers[o] = nil
            pulseOwners[o] = nil
            arbiters[o].endPulse()
            arbitrate(o)
        }
    }

    /// The steps that build text: `notify`, `publish` and `log`.
    mutating func perform(_ step: Program.Step, rule r: Int) {
        let name = program.rules[r].name
        switch step {
        case .notify(let notifier, let message, let fields):
            let text = evaluator.render(message, in: signals.view)
            let rendered = fields.map {
                Notification.Field(name: $0.name, value: evaluator.render($0.value, in: signals.view))
            }
            emit(.notify(Notification(notifier: notifier, rule: name, message: text, fields: rendered)))
        case .publish(let topic, let payload, let qos, let retain):
            let t = evaluator.render(topic, in: signals.view)
            if t.isEmpty || t.contains("+") || t.contains("#") {
                emit(.log(rule: name, message: "not published: '\(t)' is not a topic to publish to"))
            } else {
                emit(.publish(topic: t, payload: evaluator.render(payload, in: signals.view), qos: qos,
                              retain: retain))
            }
        case .log(let template):
            emit(.log(rule: name, message: evaluator.render(template, in: signals.view)))
        case .set, .toggle, .pulse, .delay, .branch, .jump:
            break
        }
    }

    /// `set` on an output writes it (arbitration step 2); on a state signal it is the new value.
    mutating func assign(_ slot: Int, _ value: Value) {
        let o = Int(plan.outputOf[slot])
        if o >= 0 {
            arbiters[o].write(value)
            arbitrate(o)
        } else {
            write(slot, value)
            if tracing { trace(.set(slot: slot, value: value)) }
        }
    }

    // MARK: Outputs

    mutating func startPulse(_ r: Int, output o: Int, value: Value, duration: Int64) {
        if let h = pulseTimers[o] { scheduler.cancel(h) }
        if let owner = pulseOwners[o], owner != r, var run = rules[owner].run {
            run.pulses -= 1
            rules[owner].run = run
            finishIfDone(owner)
        }
        if pulseOwners[o] != r, var run = rules[r].run {
            run.pulses += 1
            rules[r].run = run
        }
        pulseOwners[o] = r
        arbiters[o].startPulse(value)
        arbitrate(o)
        pulseTimers[o] = scheduler.schedule(at: now + duration, .pulseEnd(output: o))
    }

    mutating func endPulse(_ o: Int) {
        arbiters[o].endPulse()
        arbitrate(o)
        if let owner = pulseOwners[o] {
            pulseOwners[o] = nil
            if var run = rules[owner].run {
                run.pulses -= 1
                rules[owner].run = run
                finishIfDone(owner)
            }
        }
    }

    /// Arbitration may decide another value: the output is driven when the cascade settles.
    mutating func arbitrate(_ o: Int) {
        guard !outputPending[o] else { return }
        outputPending[o] = true
        pendingOutputs.append(o)
    }

    /// Drives what arbitration decided for the outputs it was asked about, in output order: now, or when
    /// `min_interval` allows.
    mutating func driveDecided() {
        if pendingOutputs.count > 1 { pendingOutputs.sort() }
        for i in 0..<pendingOutputs.count {
            let o = pendingOutputs[i]
            outputPending[o] = false
            if let v = limiters[o].request(arbiters[o].decided, at: now) { drive(o, v) }
            armLimit(o)
        }
        pendingOutputs.removeAll()
    }

    mutating func armLimit(_ o: Int) {
        limitTimers[o] = rearm(limitTimers[o], at: limiters[o].deadline, .changeLimit(output: o))
    }

    mutating func drive(_ o: Int, _ v: Value) {
        let slot = Int(plan.outputSlot[o])
        write(slot, v)
        emit(.drive(slot: slot, value: v))
    }
}
