extension Engine.Core {
    typealias Events = Engine.Events
    typealias Timer = Engine.Timer

    /// Start-up (SPEC Precise semantics 2): initial values are in place; vars are computed; level rules are
    /// evaluated once (a true `when` starts its `for` clock or activates; a false one runs no `else`); then
    /// `startup` rules run; `every` clocks start.
    mutating func start() -> [Effect] {
        clearEffects()
        beginCascade()
        if tracing { trace(.start) }
        let snapshot = restoring
        restoring = nil
        var restored = RestoredNames()
        if let snapshot { restored = restoreValues(snapshot) }
        for (i, v) in plan.variables.enumerated() {
            let value = evaluate(v.value)
            signals.values[Int(v.slot)] = value
            if v.changesWithTime { armVariable(i) }
        }
        for slot in program.signals.indices where signals.staleLimits[slot] != nil { armStale(slot) }
        if let snapshot {
            restoreClocks(snapshot, restored)
            runLate()
            beginCascade()
            restoreActive(snapshot, restored)
        }
        for r in plan.rules.indices where plan.rules[r].isLevel { evaluateLevel(r) }
        settle()
        for (r, rule) in program.rules.enumerated() {
            guard case .event(let triggers, _) = rule.trigger else { continue }
            for t in triggers {
                switch t {
                case .startup: fire(r)
                case .every(let period): scheduler.schedule(at: now + period, .every(rule: r, period: period))
                case .at(let time):
                    scheduler.schedule(at: signals.zone.nextOccurrence(ofTimeOfDay: time, after: now),
                                       .at(rule: r, timeOfDay: time))
                case .signal: break
                }
            }
        }
        settle()
        return takeEffects()
    }

    /// Runs every timer due up to and including `t`, in (deadline, creation) order, each instant settled
    /// before the next.
    mutating func advance(to t: Int64) -> [Effect] {
        clearEffects()
        runDue(upTo: t)
        now = max(now, t)
        return takeEffects()
    }

    /// Updates from one step or one message (applied together, evaluated once) at `t`, after the timers due
    /// at or before `t` (SPEC Precise semantics 4).
    mutating func update(_ updates: [(slot: Int, value: Value)], at t: Int64) -> [Effect] {
        clearEffects()
        runDue(upTo: t)
        now = max(now, t)
        beginCascade()
        for u in updates {
            write(u.slot, u.value)
            if tracing { trace(.update(slot: u.slot, value: u.value)) }
        }
        settle()
        return takeEffects()
    }

    /// Most events have no effects: then there is nothing to clear.
    mutating func clearEffects() {
        if !effects.isEmpty { effects.removeAll(keepingCapacity: true) }
    }

    /// What the caller gets: the effects, or when there are none, the shared empty array, which costs no
    /// reference counting (handing out `effects` itself counts a reference on its buffer and back).
    func takeEffects() -> [Effect] {
        effects.isEmpty ? [] : effects
    }

    mutating func runDue(upTo t: Int64) {
        while let deadline = scheduler.nextDeadline, deadline <= t {
            now = max(now, deadline)
            while let due = scheduler.popDue(at: now) {
                beginCascade()
                if tracing { pendingCause = TraceEvent(at: now, .timer(traced(due.payload))) }
                handle(due.payload)
                settle()
                pendingCause = nil
            }
        }
    }

    /// A cascade is what one event (an update or a timer) causes; the limit counts its rule runs.
    mutating func beginCascade() {
        runsThisInstant = 0
        cascadeStopped = false
    }

    /// Writes a signal's value: an update, and a change when it differs (with its edges and window samples).
    mutating func write(_ slot: Int, _ value: Value) {
        let e = signals.apply(slot, value)
        mark(slot, e)
        for i in plan.windows(of: slot) { sample(Int(plan.windowsOf[i]), value: value, events: e) }
        if signals.staleLimits[slot] != nil { armStale(slot) }
    }

    mutating func mark(_ slot: Int, _ e: Events) {
        if events[slot].isEmpty { touched.append(slot) }
        events[slot].formUnion(e)
    }

    /// Propagates what was touched until nothing is: vars in order, then the rules that read or are
    /// triggered by what changed, round after round, within the cascade limit. Outputs are driven once the
    /// rules have settled, with what arbitration decided then, so that a cascade drives no value it
    /// overrules in the same instant (a lower-priority hold that a higher one replaces a round later); what
    /// the drives change is propagated in turn.
    mutating func settle() {
        var rounds = 0
        while !touched.isEmpty || !pendingOutputs.isEmpty {
            if touched.isEmpty {
                driveDecided()
                continue
            }
            rounds += 1
            if rounds > Engine.roundLimit {
                // Holds that feed each other are rejected by the compiler; this is the net under it.
                emit(.log(rule: "", message: "propagation stopped after \(Engine.roundLimit) rounds at one instant"))
                for i in 0..<touched.count { events[touched[i]] = [] }
                touched.removeAll()
                return
            }
            // This round's slots, in slot order; what the round writes goes to the next one.
            touched.exchange(with: &roundSlots)
            touched.removeAll()
            if roundSlots.count > 1 { roundSlots.sort() }
            stamp &+= 1
            roundEvents.removeAll()
            for i in 0..<roundSlots.count {
                let slot = roundSlots[i]
                roundEvents.append((slot, events[slot]))
                events[slot] = []
            }
            // Vars first, in evaluation order: those that read what moved; a var that changes joins this round.
            if !plan.variables.isEmpty {
                pendingVariables.removeAll()
                for i in 0..<roundSlots.count { queueVariables(reading: roundSlots[i]) }
                var next = 0
                while next < pendingVariables.count {
                    let v = plan.variables[pendingVariables[next]]
                    next += 1
                    let slot = Int(v.slot)
                    let value = evaluate(v.value)
                    if v.changesWithTime { armVariable(pendingVariables[next - 1]) }
                    if value != signals.values[slot] {
                        let e = signals.apply(slot, value)
                        roundEvents.append((slot, e))
                        queueVariables(reading: slot)
                        for i in plan.windows(of: slot) { sample(Int(plan.windowsOf[i]), value: value, events: e) }
                    }
                }
            }
            // Rules, in declaration order: level rules reading what moved, event rules triggered by it.
            ruleOrder.removeAll()
            var inOrder = true
            for i in 0..<roundEvents.count {
                let (slot, e) = roundEvents[i]
                for k in plan.readers(of: slot) {
                    let reader = plan.readers[k]
                    let r = Int(reader.rule)
                    guard reader.events & e.rawValue != 0, ruleStamp[r] != stamp else { continue }
                    ruleStamp[r] = stamp
                    if let last = ruleOrder.last, last > r { inOrder = false }
                    ruleOrder.append(r)
                }
            }
            if !inOrder { ruleOrder.sort() }
            var i = 0
            while i < ruleOrder.count {
                if cascadeStopped { break }
                let r = ruleOrder[i]
                i += 1
                if plan.rules[r].isLevel { evaluateLevel(r) } else { fire(r) }
            }
        }
    }

    /// Queues the vars that read a slot for this round, keeping the queue in evaluation order. They all come
    /// after any var being evaluated now (a var reads only vars before it), so none is missed.
    mutating func queueVariables(reading slot: Int) {
        for k in plan.variableReaders(of: slot) {
            let v = Int(plan.variableReaders[k])
            guard variableStamp[v] != stamp else { continue }
            variableStamp[v] = stamp
            pendingVariables.append(v)
            var j = pendingVariables.count - 1
            while j > 0, pendingVariables[j - 1] > v {
                pendingVariables.swapAt(j, j - 1)
                j -= 1
            }
        }
    }

    mutating func handle(_ timer: Timer) {
        switch timer {
        case .forElapsed(let r):
            rules[r].forTimer = nil
            if rules[r].phase == .waiting {
                if rules[r].awaitingInputs { rules[r].elapsedAwaitingInputs = true } else { activate(r) }
            }
        case .resume(let r, let id):
            guard var run = rules[r].run, run.id == id else { return }
            run.resume = nil
            rules[r].run = run
            continueRun(r)
        case .pulseEnd(let o):
            pulseTimers[o] = nil
            endPulse(o)
        case .changeLimit(let o):
            limitTimers[o] = nil
            if let v = limiters[o].expire(at: now) { drive(o, v) }
            armLimit(o)
        case .recheck(let r):
            rules[r].recheck = nil
            evaluateLevel(r)
        case .variableRecheck(let i):
            variableTimers[i] = nil
            let v = plan.variables[i]
            let slot = Int(v.slot)
            let value = evaluate(v.value)
            if value != signals.values[slot] {
                let e = signals.apply(slot, value)
                mark(slot, e)
                for k in plan.windows(of: slot) { sample(Int(plan.windowsOf[k]), value: value, events: e) }
            }
            armVariable(i)
        case .windowExpiry(let w):
            windowTimers[w] = nil
            signals.windows[w].expire(at: now)
            mark(plan.windows[w].slot, .time)
            armWindow(w)
        case .stale(let slot):
            staleTimers[slot] = nil
            mark(slot, .time)
        case .every(let r, let period):
            scheduler.schedule(at: now + period, .every(rule: r, period: period))
            fire(r)
        case .at(let r, let time):
            scheduler.schedule(at: signals.zone.nextOccurrence(ofTimeOfDay: time, after: now),
                               .at(rule: r, timeOfDay: time))
            fire(r)
        }
    }

    mutating func sample(_ w: Int, value: Value, events e: Events) {
        switch plan.windows[w].content {
        case .samples:
            guard case .number(let x) = value else { return }
            signals.windows[w].add(x, at: now)
        case .events(let edge):
            guard e.contains(Engine.events(for: edge)) else { return }
            signals.windows[w].add(1, at: now)
        }
        armWindow(w)
    }

    mutating func armWindow(_ w: Int) {
        guard windowTimers[w] == nil, let at = signals.windows[w].nextExpiry else { return }
        windowTimers[w] = scheduler.schedule(at: at, .windowExpiry(window: w))
    }

    /// Sets the var's re-check at the next instant time alone can change its value.
    mutating func armVariable(_ i: Int) {
        var next: Int64?
        considerChange(of: plan.variables[i].value, into: &next)
        variableTimers[i] = rearm(variableTimers[i], at: next, .variableRecheck(variable: i))
    }

    /// Sets a timer for `deadline` (nil: no timer), where `handle` is the one set before: a pending timer is
    /// moved in place, as cancelling it and scheduling a new one would (same order), without the heap work.
    mutating func rearm(_ handle: Scheduler<Timer>.Handle?, at deadline: Int64?, _ timer: Timer)
        -> Scheduler<Timer>.Handle?
    {
        if let h = handle, scheduler.isPending(h) {
            guard let deadline else {
                scheduler.cancel(h)
                return nil
            }
            scheduler.reschedule(h, at: deadline)
            return h
        }
        return deadline.map { scheduler.schedule(at: $0, timer) }
    }

    mutating func armStale(_ slot: Int) {
        guard let limit = signals.staleLimits[slot] else { return }
        staleTimers[slot] = rearm(staleTimers[slot], at: signals.updated[slot] + limit, .stale(slot: slot))
    }

    /// The value of the plan's expression `e` now. (`mutating` only so that it takes the engine by address: a
    /// borrow of a value this large is a copy.)
    mutating func evaluate(_ e: Int32) -> Value {
        let x = plan.expressions[Int(e)]
        switch x.shape {
        case .comparison(let slot, let k, let op):
            return .bool(ExpressionEvaluator.compare(op, signals.values[Int(slot)], constants[Int(k)]))
        case .signal(let slot):
            return signals.values[Int(slot)]
        case .constant(let k):
            return constants[Int(k)]
        case .code:
            assert(stack == evaluator.stack, "the evaluator's stack moved")
            return ExpressionEvaluator.run(code.buffer, from: Int(x.start), to: Int(x.end),
                                           constants: constants.buffer, stack: stack, context: signals.view)
        }
    }

    /// Whether the plan's expression `e` holds now (none counts as false).
    mutating func isTrue(_ e: Int32) -> Bool {
        if case .comparison(let slot, let k, let op) = plan.expressions[Int(e)].shape {
            return ExpressionEvaluator.compare(op, signals.values[Int(slot)], constants[Int(k)])
        }
        if case .bool(true) = evaluate(e) { return true }
        return false
    }
}
