import ReflexCore

/// Writes a run record as its trace: one JSON object per line, in the engine's vocabulary (`TraceWriter`), so
/// that a scenario's trace reads as the device's would for the same timeline, plus the lines only a scenario has.
///
/// Every line starts with `"at"` (the time since the start, as a duration: `0s`, `2m30s`, `1m250ms`), `"time"`
/// (ISO 8601 local time in the rules' zone, with milliseconds and the offset) and `"event"`. Input updates,
/// line edges, decode failures and everything the engine returned are `TraceWriter`'s lines (`start`, `update`,
/// `edge`, `decode_failure`, `timer`, `waiting`, `activated`, `drive`, `notify`, ...). A scenario adds:
///
/// | event | fields |
/// |---|---|
/// | `expect` | `signal`, `expected`, `actual` (JSON values), `ok` |
/// | `end` | — |
public enum TraceText {
    /// The whole trace, a line per event, each ending in a newline.
    public static func lines(_ record: RunRecord) -> String {
        var writer = TraceWriter(program: record.program, zone: record.zone, start: record.start)
        var out = ""
        for event in record.events {
            out += line(event, of: record, writer: &writer)
            out += "\n"
        }
        return out
    }

    /// One event as a line, without the newline.
    public static func line(_ event: RunEvent, of record: RunRecord) -> String {
        var writer = TraceWriter(program: record.program, zone: record.zone, start: record.start)
        return line(event, of: record, writer: &writer)
    }

    /// One event as a line, with a writer kept across the lines of a run.
    static func line(_ event: RunEvent, of record: RunRecord, writer: inout TraceWriter) -> String {
        let instant = record.start + event.at
        switch event.kind {
        case .input(let slot, let value, _):
            return writer.line(TraceEvent(at: instant, .update(slot: slot, value: value)))
        case .edge(let slot, let edge):
            return writer.line(TraceEvent(at: instant, .edge(slot: slot, rising: edge == .rise)))
        case .decodeFailure(let slot, _, let failure):
            return writer.line(TraceEvent(at: instant, .decodeFailure(slot: slot, reason: failure.message)))
        case .effect(let effect):
            return writer.lines([effect], at: instant)[0]
        case .check(let slot, let expected, let actual, let passed):
            let offset = record.zone.offset(at: instant)
            return head("expect", at: event.at, of: record) + ",\"signal\":"
                + ValueText.jsonString(record.program.signals[slot].name) + ",\"expected\":"
                + ValueText.json(expected, utcOffset: offset) + ",\"actual\":"
                + ValueText.json(actual, utcOffset: offset) + ",\"ok\":" + (passed ? "true" : "false") + "}"
        case .end:
            return head("end", at: event.at, of: record) + "}"
        }
    }

    /// `{"at":...,"time":...,"event":...` as `TraceWriter` starts its lines.
    private static func head(_ event: String, at t: Int64, of record: RunRecord) -> String {
        let instant = record.start + t
        return "{\"at\":" + ValueText.jsonString(DurationText.format(t)) + ",\"time\":"
            + ValueText.jsonString(ValueText.instant(instant, utcOffset: record.zone.offset(at: instant),
                                                     alwaysMilliseconds: true))
            + ",\"event\":" + ValueText.jsonString(event)
    }
}
