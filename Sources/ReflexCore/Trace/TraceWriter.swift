/// Renders what an engine returns (effects and trace entries) as JSON lines, one object per line.
///
/// The trace is byte for byte the same wherever the same rule set meets the same timeline (SPEC §2), so the
/// field order is fixed: `at` (time since the start, as a duration: `2m30s`), `time` (ISO 8601 local time in
/// the rule set's zone, with milliseconds), `event`, then the event's own fields in a fixed order. Effects
/// carry no instant of their own: each is stamped with the instant of the trace entry before it.
public struct TraceWriter {
    let program: Program
    let zone: TimeZoneRules
    /// The instant `at` counts from.
    public let start: Int64
    /// The instant of the entries that follow.
    public private(set) var instant: Int64
    /// `{"at":...,"time":...` for `stamped`: lines at one instant share it.
    private var stamp = ""
    private var stamped: Int64?

    public init(program: Program, zone: TimeZoneRules, start: Int64) {
        self.program = program
        self.zone = zone
        self.start = start
        instant = start
    }

    /// The lines for effects as one engine call returned them; `at` stamps them until a trace entry says
    /// otherwise (an engine not tracing gives none).
    public mutating func lines(_ effects: [Effect], at fallback: Int64? = nil) -> [String] {
        if let fallback { instant = fallback }
        return effects.map { line($0) }
    }

    /// One effect's line.
    public mutating func line(_ effect: Effect) -> String {
        switch effect {
        case .trace(let event):
            return line(event)
        case .drive(let slot, let value):
            return head("drive") + field("output", name(slot)) + raw("value", json(value)) + "}"
        case .publish(let topic, let payload, let qos, let retain):
            return head("publish") + field("topic", topic) + field("payload", payload) + raw("qos", "\(qos)")
                + raw("retain", retain ? "true" : "false") + "}"
        case .notify(let n):
            var fields = "{"
            for (i, f) in n.fields.enumerated() {
                fields += (i == 0 ? "" : ",") + ValueText.jsonString(f.name) + ":" + ValueText.jsonString(f.value)
            }
            return head("notify") + field("notifier", program.notifiers[n.notifier].name) + field("rule", n.rule)
                + field("message", n.message) + raw("fields", fields + "}") + "}"
        case .log(let rule, let message):
            return head("log") + (rule.isEmpty ? "" : field("rule", rule)) + field("message", message) + "}"
        }
    }

    /// One trace entry's line; it also sets the instant of the effects that follow.
    public mutating func line(_ event: TraceEvent) -> String {
        instant = event.at
        switch event.kind {
        case .start:
            return head("start") + "}"
        case .update(let slot, let value):
            return head("update") + field("input", name(slot)) + raw("value", json(value)) + "}"
        case .timer(let timer):
            return head("timer") + Self.fields(of: timer, names: self) + "}"
        case .late(let timer, let by):
            return head("late") + Self.fields(of: timer, names: self) + field("by", DurationText.format(by)) + "}"
        case .waiting(let r, let until):
            return head("waiting") + field("rule", rule(r)) + field("due", DurationText.format(until - start)) + "}"
        case .cancelled(let r):
            return head("cancelled") + field("rule", rule(r)) + "}"
        case .activated(let r):
            return head("activated") + field("rule", rule(r)) + "}"
        case .released(let r):
            return head("released") + field("rule", rule(r)) + "}"
        case .fired(let r, let otherwise):
            return head("run") + field("rule", rule(r)) + field("list", otherwise ? "else" : "then") + "}"
        case .dropped(let r):
            return head("dropped") + field("rule", rule(r)) + "}"
        case .queued(let r):
            return head("queued") + field("rule", rule(r)) + "}"
        case .set(let slot, let value):
            return head("set") + field("signal", name(slot)) + raw("value", json(value)) + "}"
        case .edge(let slot, let rising):
            return head("edge") + field("input", name(slot)) + field("edge", rising ? "rise" : "fall") + "}"
        case .decodeFailure(let slot, let reason):
            return head("decode_failure") + field("input", name(slot)) + field("reason", reason) + "}"
        }
    }

    private static func fields(of timer: TraceEvent.Timer, names w: TraceWriter) -> String {
        switch timer {
        case .forElapsed(let r): w.field("timer", "for") + w.field("rule", w.rule(r))
        case .resume(let r): w.field("timer", "delay") + w.field("rule", w.rule(r))
        case .pulseEnd(let slot): w.field("timer", "pulse") + w.field("output", w.name(slot))
        case .changeLimit(let slot): w.field("timer", "min_interval") + w.field("output", w.name(slot))
        case .recheck(let r): w.field("timer", "recheck") + w.field("rule", w.rule(r))
        case .variableRecheck(let slot): w.field("timer", "recheck") + w.field("signal", w.name(slot))
        case .windowExpiry(let slot): w.field("timer", "window") + w.field("signal", w.name(slot))
        case .stale(let slot): w.field("timer", "stale") + w.field("signal", w.name(slot))
        case .every(let r): w.field("timer", "every") + w.field("rule", w.rule(r))
        case .at(let r): w.field("timer", "at") + w.field("rule", w.rule(r))
        }
    }

    private mutating func head(_ event: String) -> String {
        if stamped != instant {
            stamped = instant
            stamp = "{\"at\":\"" + DurationText.format(instant - start) + "\",\"time\":\""
                + ValueText.instant(instant, utcOffset: zone.offset(at: instant), alwaysMilliseconds: true)
        }
        return stamp + "\",\"event\":\"" + event + "\""
    }

    private func field(_ key: String, _ text: String) -> String { ",\"" + key + "\":" + ValueText.jsonString(text) }

    private func raw(_ key: String, _ json: String) -> String { ",\"" + key + "\":" + json }

    private func json(_ value: Value) -> String { ValueText.json(value, utcOffset: zone.offset(at: instant)) }

    private func name(_ slot: Int) -> String { program.signals[slot].name }

    private func rule(_ r: Int) -> String { program.rules[r].name }
}
