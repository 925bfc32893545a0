extension Engine {
    // MARK: Level rules

    /// Re-evaluates a level rule: idle → waiting (`for`) or active; waiting → idle when the condition fails;
    /// active → released when `until` holds (or, without `until`, when `when` fails). Active holds follow
    /// their expressions. Then a re-check is set for the instant time alone can change the answer.
    func evaluateLevel(_ r: Int) {
        guard case .level(let when, let forDuration, let until) = program.rules[r].trigger else { return }
        switch rules[r].phase {
        case .idle:
            if isTrue(when) {
                if let d = forDuration, d > 0 {
                    rules[r].phase = .waiting
                    rules[r].forTimer = scheduler.schedule(at: now + d, .forElapsed(rule: r))
                    if tracing { trace(.waiting(rule: r, until: now + d)) }
                } else {
                    activate(r)
                }
            }
        case .waiting:
            if !isTrue(when) {
                if let h = rules[r].forTimer { scheduler.cancel(h) }
                rules[r].forTimer = nil
                rules[r].phase = .idle
                if tracing { trace(.cancelled(rule: r)) }
            }
        case .active:
            let releases = until.map { isTrue($0) } ?? !isTrue(when)
            if releases { release(r) } else { refreshHolds(r) }
        }
        armRecheck(r)
    }

    func activate(_ r: Int) {
        guard countRun(r) else { return }
        if tracing { trace(.activated(rule: r)) }
        rules[r].phase = .active
        refreshHolds(r)
        startRun(r, .then)
    }

    func release(_ r: Int) {
        guard countRun(r) else { return }
        if tracing { trace(.released(rule: r)) }
        rules[r].phase = .idle
        for h in program.rules[r].holds {
            let o = outputOf[h.slot]
            arbiters[o].release(rule: Int32(r))
            arbitrate(o)
        }
        cancelRun(r)
        startRun(r, .otherwise)
    }

    func refreshHolds(_ r: Int) {
        let rule = program.rules[r]
        for h in rule.holds {
            let o = outputOf[h.slot]
            arbiters[o].hold(rule: Int32(r), priority: Int32(rule.priority), value: evaluate(h.value))
            arbitrate(o)
        }
    }

    /// Sets the rule's re-check at the next instant its condition (or an active hold) can change with time.
    func armRecheck(_ r: Int) {
        if let h = rules[r].recheck { scheduler.cancel(h) }
        rules[r].recheck = nil
        guard case .level(let when, _, let until) = program.rules[r].trigger else { return }
        var next: Int64?
        func consider(_ e: CompiledExpression) {
            guard e.dependencies.changesWithTime else { return }
            if let t = evaluator.nextChange(e, in: self), t > now { next = min(next ?? t, t) }
        }
        if rules[r].phase == .active, let until { consider(until) } else { consider(when) }
        if rules[r].phase == .active { for h in program.rules[r].holds { consider(h.value) } }
        if let next { rules[r].recheck = scheduler.schedule(at: next, .recheck(rule: r)) }
    }

    // MARK: Event rules

    /// A trigger of an event rule: the guard picks `then` or `else`; `mode` decides what happens to a run
    /// still pending (SPEC Precise semantics 5).
    func fire(_ r: Int) {
        guard case .event(_, let guardCondition) = program.rules[r].trigger else { return }
        let list: ListKind = guardCondition.map { isTrue($0) } ?? true ? .then : .otherwise
        if steps(r, list).isEmpty { return }
        guard rules[r].run != nil else {
            if countRun(r) { begin(r, list) }
            return
        }
        switch program.rules[r].mode {
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
    func begin(_ r: Int, _ list: ListKind) {
        if tracing { trace(.fired(rule: r, otherwise: list == .otherwise)) }
        startRun(r, list)
    }

    func drop(_ r: Int) {
        rules[r].dropped += 1
        if tracing { trace(.dropped(rule: r)) }
    }

    /// Counts a rule run in this instant; past the cascade limit the cascade stops and says which rule.
    func countRun(_ r: Int) -> Bool {
        runsThisInstant += 1
        if runsThisInstant <= Self.cascadeLimit { return true }
        if !cascadeStopped {
            cascadeStopped = true
            emit(.log(rule: program.rules[r].name,
                                message: "cascade stopped: more than \(Self.cascadeLimit) rule runs at one instant"))
        }
        return false
    }

    // MARK: Runs

    func steps(_ r: Int, _ list: ListKind) -> [Program.Step] {
        list == .then ? program.rules[r].then : program.rules[r].otherwise
    }

    func startRun(_ r: Int, _ list: ListKind) {
        if steps(r, list).isEmpty { return }
        runIDs &+= 1
        rules[r].run = Run(list: list, next: 0, id: runIDs, resume: nil, pulses: 0)
        continueRun(r)
    }

    /// Runs steps until the list ends or a `delay` pauses it.
    func continueRun(_ r: Int) {
        guard var run = rules[r].run else { return }
        let list = steps(r, run.list)
        while run.next < list.count {
            let step = list[run.next]
            run.next += 1
            switch step {
            case .delay(let ms):
                run.resume = scheduler.schedule(at: now + ms, .resume(rule: r, run: run.id))
                rules[r].run = run
                return
            case .branch(let condition, let otherwise):
                if !isTrue(condition) { run.next = otherwise }
            case .jump(let target):
                run.next = target
            case .pulse(let slot, let value, let duration):
                rules[r].run = run
                startPulse(r, output: outputOf[slot], value: evaluate(value), duration: duration)
                run = rules[r].run ?? run
            default:
                rules[r].run = run
                perform(step, rule: r)
                guard let current = rules[r].run, current.id == run.id else { return }
                run = current
            }
        }
        rules[r].run = run
        finishIfDone(r)
    }

    /// A run is pending until its last step ran and its pulses ended; then a queued trigger runs.
    func finishIfDone(_ r: Int) {
        guard let run = rules[r].run, run.resume == nil, run.next >= steps(r, run.list).count, run.pulses == 0
        else { return }
        rules[r].run = nil
        if !rules[r].queued.isEmpty {
            let next = rules[r].queued.removeFirst()
            if countRun(r) { begin(r, next) }
        }
    }

    /// Cancels the rule's pending run: its delay is dropped and its running pulses end now.
    func cancelRun(_ r: Int) {
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

    func perform(_ step: Program.Step, rule r: Int) {
        let name = program.rules[r].name
        switch step {
        case .set(let assignments):
            // Every value is evaluated before any is written (one action, one instant).
            setScratch.removeAll(keepingCapacity: true)
            for a in assignments { setScratch.append(evaluate(a.value)) }
            for (i, a) in assignments.enumerated() { assign(a.slot, setScratch[i]) }
        case .toggle(let slot):
            let current = self.values[slot]
            assign(slot, .bool(!(current == .bool(true))))
        case .notify(let notifier, let message, let fields):
            let text = evaluator.render(message, in: self)
            let rendered = fields.map { Notification.Field(name: $0.name, value: evaluator.render($0.value, in: self)) }
            emit(.notify(Notification(notifier: notifier, rule: name, message: text, fields: rendered)))
        case .publish(let topic, let payload, let qos, let retain):
            let t = evaluator.render(topic, in: self)
            if t.isEmpty || t.contains("+") || t.contains("#") {
                emit(.log(rule: name, message: "not published: '\(t)' is not a topic to publish to"))
            } else {
                emit(.publish(topic: t, payload: evaluator.render(payload, in: self), qos: qos,
                                        retain: retain))
            }
        case .log(let template):
            emit(.log(rule: name, message: evaluator.render(template, in: self)))
        case .pulse, .delay, .branch, .jump:
            break
        }
    }

    /// `set` on an output writes it (arbitration step 2); on a state signal it is the new value.
    func assign(_ slot: Int, _ value: Value) {
        let o = outputOf[slot]
        if o >= 0 {
            arbiters[o].write(value)
            arbitrate(o)
        } else {
            write(slot, value)
            if tracing { trace(.set(slot: slot, value: value)) }
        }
    }

    // MARK: Outputs

    func startPulse(_ r: Int, output o: Int, value: Value, duration: Int64) {
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

    func endPulse(_ o: Int) {
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

    /// Arbitration decided a value: drive it now, or when `min_interval` allows.
    func arbitrate(_ o: Int) {
        if let v = limiters[o].request(arbiters[o].decided, at: now) { drive(o, v) }
        armLimit(o)
    }

    func armLimit(_ o: Int) {
        if let h = limitTimers[o] { scheduler.cancel(h) }
        limitTimers[o] = limiters[o].deadline.map { scheduler.schedule(at: $0, .changeLimit(output: o)) }
    }

    func drive(_ o: Int, _ v: Value) {
        let slot = program.outputs[o].slot
        write(slot, v)
        emit(.drive(slot: slot, value: v))
    }
}
