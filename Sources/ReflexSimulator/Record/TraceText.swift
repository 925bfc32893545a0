import ReflexCore

/// Writes a run record as a trace: one JSON object per line, fields in a fixed order.
///
/// Every line starts with `"at"` (the time since the start, as a duration: `0s`, `2m30s`, `1m250ms`), `"time"` (ISO 8601 local time in the rules' zone, with milliseconds and the offset) and `"event"`;
/// the event's own fields follow. Values are JSON literals (`true`, `31.5`, `"auto"`, `null` for none).
///
/// | event | fields |
/// |---|---|
/// | `start` | `scenario`, `rules`, `timezone` |
/// | `input` | `signal`, `value`, `source` (`step`, `model`, `mqtt`, `gpio`) |
/// | `mqtt` | `topic`, `payload` |
/// | `decode_failure` | `signal`, `topic`, `reason` |
/// | `gpio_edge` | `signal`, `edge` (`rise`, `fall`; before debounce and `active_low`) |
/// | `drive` | `signal`, `value` |
/// | `publish` | `topic`, `payload`, `qos`, `retain` |
/// | `notify` | `notifier`, `rule`, `message`, `fields` (an object) |
/// | `log` | `rule`, `message` |
/// | `expect` | `signal`, `expected`, `actual`, `ok` |
/// | `end` | — |
public enum TraceText {
    /// The whole trace, a line per event, each ending in a newline.
    public static func lines(_ record: RunRecord) -> String {
        var out = ""
        for event in record.events {
            out += line(event, of: record)
            out += "\n"
        }
        return out
    }

    /// One event as a line, without the newline.
    public static func line(_ event: RunEvent, of record: RunRecord) -> String {
        let instant = record.start + event.at
        let offset = record.zone.offset(at: instant)
        var fields = Fields()
        fields.add("at", string: DurationText.format(event.at))
        fields.add("time", string: time(instant, utcOffset: offset))
        func name(_ slot: Int) -> String { slot < record.signalNames.count ? record.signalNames[slot] : "#\(slot)" }
        func json(_ value: Value) -> String { ValueText.json(value, utcOffset: offset) }
        switch event.kind {
        case .start(let scenario, let rules):
            fields.add("event", string: "start")
            fields.add("scenario", string: scenario)
            fields.add("rules", string: rules)
            fields.add("timezone", string: record.zone.name)
        case .input(let slot, let value, let origin):
            fields.add("event", string: "input")
            fields.add("signal", string: name(slot))
            fields.add("value", json: json(value))
            fields.add("source", string: origin.rawValue)
        case .message(let topic, let payload):
            fields.add("event", string: "mqtt")
            fields.add("topic", string: topic)
            fields.add("payload", string: payload)
        case .decodeFailure(let slot, let topic, let failure):
            fields.add("event", string: "decode_failure")
            fields.add("signal", string: name(slot))
            fields.add("topic", string: topic)
            fields.add("reason", string: failure.message)
        case .lineEdge(let slot, let edge):
            fields.add("event", string: "gpio_edge")
            fields.add("signal", string: name(slot))
            fields.add("edge", string: edge.rawValue)
        case .drive(let slot, let value):
            fields.add("event", string: "drive")
            fields.add("signal", string: name(slot))
            fields.add("value", json: json(value))
        case .publish(let topic, let payload, let qos, let retain):
            fields.add("event", string: "publish")
            fields.add("topic", string: topic)
            fields.add("payload", string: payload)
            fields.add("qos", json: String(qos))
            fields.add("retain", json: retain ? "true" : "false")
        case .notify(let n):
            fields.add("event", string: "notify")
            let notifier = n.notifier < record.notifierNames.count ? record.notifierNames[n.notifier] : "#\(n.notifier)"
            fields.add("notifier", string: notifier)
            fields.add("rule", string: n.rule)
            fields.add("message", string: n.message)
            var object = Fields()
            for field in n.fields { object.add(field.name, string: field.value) }
            fields.add("fields", json: object.text)
        case .log(let rule, let message):
            fields.add("event", string: "log")
            fields.add("rule", string: rule)
            fields.add("message", string: message)
        case .check(let slot, let expected, let actual, let passed):
            fields.add("event", string: "expect")
            fields.add("signal", string: name(slot))
            fields.add("expected", json: json(expected))
            fields.add("actual", json: json(actual))
            fields.add("ok", json: passed ? "true" : "false")
        case .end:
            fields.add("event", string: "end")
        }
        return fields.text
    }

    /// `2026-07-01T14:02:30.000+02:00`: always with milliseconds.
    static func time(_ instant: Int64, utcOffset: Int) -> String {
        let text = ValueText.instant(instant, utcOffset: utcOffset)
        guard let t = text.firstIndex(of: "T") else { return text }
        let seconds = text.index(t, offsetBy: 9, limitedBy: text.endIndex) ?? text.endIndex
        if seconds < text.endIndex, text[seconds] == "." { return text }
        return String(text[..<seconds]) + ".000" + String(text[seconds...])
    }

    /// A JSON object written field by field, in the order given.
    private struct Fields {
        private var parts: [String] = []

        mutating func add(_ key: String, string: String) {
            parts.append(ValueText.jsonString(key) + ":" + ValueText.jsonString(string))
        }

        mutating func add(_ key: String, json: String) {
            parts.append(ValueText.jsonString(key) + ":" + json)
        }

        var text: String { "{" + parts.joined(separator: ",") + "}" }
    }
}
