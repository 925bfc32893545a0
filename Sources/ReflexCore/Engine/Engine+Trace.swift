extension Engine.Core {
    /// Appends an effect; while tracing, after the pending cause of the cascade it belongs to.
    @inline(__always)
    mutating func emit(_ effect: Effect) {
        if let cause = pendingCause {
            pendingCause = nil
            effects.append(.trace(cause))
        }
        effects.append(effect)
    }

    /// A trace entry at the current instant (callers check `tracing` first, so nothing is built when off).
    mutating func trace(_ kind: TraceEvent.Kind) {
        emit(.trace(TraceEvent(at: now, kind)))
    }

    /// A timer as the trace names it: by rule, or by the signal it concerns.
    func traced(_ timer: Timer) -> TraceEvent.Timer {
        switch timer {
        case .forElapsed(let r): .forElapsed(rule: r)
        case .resume(let r, _): .resume(rule: r)
        case .pulseEnd(let o): .pulseEnd(slot: program.outputs[o].slot)
        case .changeLimit(let o): .changeLimit(slot: program.outputs[o].slot)
        case .recheck(let r): .recheck(rule: r)
        case .variableRecheck(let v): .variableRecheck(slot: program.variables[v].slot)
        case .windowExpiry(let w): .windowExpiry(slot: program.windows[w].slot)
        case .stale(let slot): .stale(slot: slot)
        case .every(let r, _): .every(rule: r)
        case .at(let r, _): .at(rule: r)
        }
    }
}
