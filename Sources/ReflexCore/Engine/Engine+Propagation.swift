extension Engine {
    /// Start-up (SPEC Precise semantics 2): initial values are in place; vars are computed; level rules are
    /// evaluated once (a true `when` starts its `for` clock or activates; a false one runs no `else`); then
    /// `startup` rules run; `every` clocks start.
    public func start() -> [Effect] {
        effects.removeAll(keepingCapacity: true)
        beginCascade()
        if tracing { trace(.start) }
        for v in program.variables { values[v.slot] = evaluate(v.expression) }
        for slot in program.signals.indices where program.signals[slot].staleLimit != nil { armStale(slot) }
        for (r, rule) in program.rules.enumerated() {
            if case .level = rule.trigger { evaluateLevel(r) }
        }
        settle()
        for (r, rule) in program.rules.enumerated() {
            guard case .event(let triggers, _) = rule.trigger else { continue }
            for t in triggers {
                switch t {
                case .startup: fire(r)
                case .every(let period): scheduler.schedule(at: now + period, .every(rule: r, period: period))
                case .at(let time):
                    scheduler.schedule(at: zone.nextOccurrence(ofTimeOfDay: time, after: now),
                                       .at(rule: r, timeOfDay: time))
                case .signal: break
                }
            }
        }
        settle()
        return effects
    }

    /// Runs every timer due up to and including `t`, in (deadline, creation) order, each instant settled
    /// before the next.
    public func advance(to t: Int64) -> [Effect] {
        effects.removeAll(keepingCapacity: true)
        runDue(upTo: t)
        now = max(now, t)
        return effects
    }

    /// Updates from one step or one message (applied together, evaluated once) at `t`, after the timers due
    /// at or before `t` (SPEC Precise semantics 4).
    public func update(_ updates: [(slot: Int, value: Value)], at t: Int64) -> [Effect] {
        effects.removeAll(keepingCapacity: true)
        runDue(upTo: t)
        now = max(now, t)
        beginCascade()
        for u in updates {
            write(u.slot, u.value)
            if tracing { trace(.update(slot: u.slot, value: u.value)) }
        }
        settle()
        return effects
    }

    func runDue(upTo t: Int64) {
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
    func beginCascade() {
        runsThisInstant = 0
        cascadeStopped = false
    }

    /// Writes a signal's value: an update, and a change when it differs (with its edges and window samples).
    func write(_ slot: Int, _ value: Value) {
        let e = apply(slot, value)
        mark(slot, e)
        for w in windowsOf[slot] { sample(w, value: value, events: e) }
        if program.signals[slot].staleLimit != nil { armStale(slot) }
    }

    /// Stores a new value of a signal now and says what happened: always an update; a change (and a rise
    /// from anything but true, a fall from true) when it differs.
    func apply(_ slot: Int, _ value: Value) -> Events {
        var e: Events = .update
        let old = values[slot]
        if old != value {
            previousValues[slot] = old
            values[slot] = value
            changed[slot] = now
            e.insert(.change)
            if value == .bool(true) { e.insert(.rise) }
            if value == .bool(false), old == .bool(true) { e.insert(.fall) }
        }
        updated[slot] = now
        return e
    }

    func mark(_ slot: Int, _ e: Events) {
        if events[slot].isEmpty { touched.append(slot) }
        events[slot].formUnion(e)
    }

    /// Propagates what was touched until nothing is: vars in order, then the rules that read or are
    /// triggered by what changed, round after round, within the cascade limit.
    func settle() {
        var rounds = 0
        while !touched.isEmpty {
            rounds += 1
            if rounds > Self.roundLimit {
                // Holds that feed each other are rejected by the compiler; this is the net under it.
                emit(.log(rule: "", message: "propagation stopped after \(Self.roundLimit) rounds at one instant"))
                for slot in touched { events[slot] = [] }
                touched.removeAll(keepingCapacity: true)
                return
            }
            // This round's slots, in slot order; what the round writes goes to the next one.
            swap(&touched, &roundSlots)
            touched.removeAll(keepingCapacity: true)
            roundSlots.sort()
            stamp &+= 1
            roundEvents.removeAll(keepingCapacity: true)
            for slot in roundSlots {
                roundEvents.append((slot, events[slot]))
                events[slot] = []
                dirtyStamp[slot] = stamp
            }
            // Vars first, in evaluation order; a var that changes joins this round.
            for (i, v) in program.variables.enumerated() where varReadSlots[i].contains(where: { dirtyStamp[$0] == stamp }) {
                let value = evaluate(v.expression)
                if value != values[v.slot] {
                    let e = apply(v.slot, value)
                    roundEvents.append((v.slot, e))
                    dirtyStamp[v.slot] = stamp
                    for w in windowsOf[v.slot] { sample(w, value: value, events: e) }
                }
            }
            // Rules, in declaration order: level rules reading what moved, event rules triggered by it.
            ruleOrder.removeAll(keepingCapacity: true)
            for (slot, e) in roundEvents {
                for r in ruleReaders[slot] where ruleStamp[r] != stamp {
                    ruleStamp[r] = stamp
                    ruleOrder.append(r)
                }
                for (r, edge) in eventRules[slot] where ruleStamp[r] != stamp && e.contains(Self.events(for: edge)) {
                    ruleStamp[r] = stamp
                    ruleOrder.append(r)
                }
            }
            ruleOrder.sort()
            for r in ruleOrder {
                if cascadeStopped { break }
                switch program.rules[r].trigger {
                case .level: evaluateLevel(r)
                case .event: fire(r)
                }
            }
        }
    }

    static func events(for edge: SignalEdge) -> Events {
        switch edge {
        case .change: .change
        case .rise: .rise
        case .fall: .fall
        case .update: .update
        }
    }

    func handle(_ timer: Timer) {
        switch timer {
        case .forElapsed(let r):
            rules[r].forTimer = nil
            if rules[r].phase == .waiting { activate(r) }
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
        case .windowExpiry(let w):
            windowTimers[w] = nil
            windows[w].expire(at: now)
            mark(program.windows[w].slot, .time)
            armWindow(w)
        case .stale(let slot):
            staleTimers[slot] = nil
            mark(slot, .time)
        case .every(let r, let period):
            scheduler.schedule(at: now + period, .every(rule: r, period: period))
            fire(r)
        case .at(let r, let time):
            scheduler.schedule(at: zone.nextOccurrence(ofTimeOfDay: time, after: now), .at(rule: r, timeOfDay: time))
            fire(r)
        }
    }

    func sample(_ w: Int, value: Value, events e: Events) {
        switch program.windows[w].content {
        case .samples:
            guard case .number(let x) = value else { return }
            windows[w].add(x, at: now)
        case .events(let edge):
            guard e.contains(Self.events(for: edge)) else { return }
            windows[w].add(1, at: now)
        }
        armWindow(w)
    }

    func armWindow(_ w: Int) {
        guard windowTimers[w] == nil, let at = windows[w].nextExpiry else { return }
        windowTimers[w] = scheduler.schedule(at: at, .windowExpiry(window: w))
    }

    func armStale(_ slot: Int) {
        guard let limit = program.signals[slot].staleLimit else { return }
        if let h = staleTimers[slot] { scheduler.cancel(h) }
        staleTimers[slot] = scheduler.schedule(at: updated[slot] + limit, .stale(slot: slot))
    }

    func evaluate(_ e: CompiledExpression) -> Value {
        evaluator.evaluate(e, in: self)
    }

    func isTrue(_ e: CompiledExpression) -> Bool {
        evaluator.isTrue(e, in: self)
    }
}
