/// How values are written as text: in templates and default payloads, and as JSON literals for `json(x)`.
public enum ValueText {
    /// The text a template prints for a value (SPEC "Precise semantics" 10): `on`/`off`, `31.5`, `1m30s`,
    /// `07:30`, `none`, strings as they are, instants as ISO 8601 local time with `utcOffset` (seconds east
    /// of UTC, the zone's offset at that instant).
    public static func format(_ value: Value, utcOffset: Int = 0) -> String {
        switch value {
        case .none: "none"
        case .bool(let b): b ? "on" : "off"
        case .number(let d): number(d)
        case .string(let s): s
        case .duration(let ms): DurationText.format(ms)
        case .timeOfDay(let ms): TimeOfDayText.format(ms)
        case .instant(let ms): instant(ms, utcOffset: utcOffset)
        }
    }

    /// The value as a JSON literal: `true`, `31.5`, `"text"` (escaped), `null` for none; durations, times of
    /// day and instants as their text in a JSON string. A number that is not finite is `null`.
    public static func json(_ value: Value, utcOffset: Int = 0) -> String {
        switch value {
        case .none: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d.isFinite ? number(d) : "null"
        case .string(let s): return jsonString(s)
        case .duration, .timeOfDay, .instant: return jsonString(format(value, utcOffset: utcOffset))
        }
    }

    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    public static func jsonString(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    /// An instant as ISO 8601 local time with its offset: `2026-07-01T14:00:00+02:00`, with `.250` only when
    /// the milliseconds are not zero (always, with `milliseconds`), and `+00:00` for UTC. An offset with
    /// seconds prints them (`+00:53:28`).
    public static func instant(_ milliseconds: Int64, utcOffset: Int, alwaysMilliseconds: Bool = false) -> String {
        let local = CivilTime.local(milliseconds, utcOffset: utcOffset)
        let days = CivilTime.floorDivide(local, CivilTime.millisecondsPerDay)
        let time = CivilTime.timeOfDay(local: local)
        let (year, month, day) = CivilTime.date(days: days)
        var out = year < 0 ? "-" + pad(year.magnitude, 4) : pad(year.magnitude, 4)
        out += "-" + pad(UInt64(month), 2) + "-" + pad(UInt64(day), 2)
        let seconds = time / 1000
        out +=
            "T" + pad(UInt64(seconds / 3600), 2) + ":" + pad(UInt64(seconds / 60 % 60), 2) + ":"
            + pad(UInt64(seconds % 60), 2)
        if alwaysMilliseconds || time % 1000 != 0 { out += "." + pad(UInt64(time % 1000), 3) }
        let offset = utcOffset.magnitude
        out += (utcOffset < 0 ? "-" : "+") + pad(UInt64(offset / 3600), 2) + ":" + pad(UInt64(offset / 60 % 60), 2)
        if offset % 60 != 0 { out += ":" + pad(UInt64(offset % 60), 2) }
        return out
    }

    private static func pad(_ value: UInt64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
