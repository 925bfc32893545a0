import Glibc
import ReflexCore

/// Where `reflex run` reports what it does: one line per event on standard error, readable or JSON.
///
/// Readable lines start with the local time (`2026-07-01T14:02:00.000+02:00 drive fan on (rule hot)`); JSON
/// lines are the engine's trace lines (`TraceWriter`) plus the runtime's own events in the same shape
/// (`{"time":...,"event":"connected",...}`). A small logger of our own: one sink, no levels to configure.
package final class RuntimeLog {
    package enum Format: String, Sendable, CaseIterable {
        case text
        case json
    }

    package let format: Format
    private let zone: TimeZoneRules
    private let sink: (String) -> Void

    /// `sink` gets each line without its newline; the default writes it to standard error.
    package init(format: Format, zone: TimeZoneRules, sink: @escaping (String) -> Void = RuntimeLog.standardError) {
        self.format = format
        self.zone = zone
        self.sink = sink
    }

    /// A runtime event at wall-clock instant `at`: `event` names it, `text` is the readable rest, `fields` the
    /// JSON keys and values (strings).
    package func event(_ event: String, _ text: String, at: Int64, fields: [(String, String)] = []) {
        switch format {
        case .text:
            sink(time(at) + " " + text)
        case .json:
            var line = "{\"time\":\"" + time(at) + "\",\"event\":" + ValueText.jsonString(event)
            for (key, value) in fields { line += "," + ValueText.jsonString(key) + ":" + ValueText.jsonString(value) }
            sink(line + "}")
        }
    }

    /// A line written as is (a trace line in JSON mode).
    package func raw(_ line: String) { sink(line) }

    /// ISO 8601 local time with milliseconds.
    package func time(_ instant: Int64) -> String {
        ValueText.instant(instant, utcOffset: zone.offset(at: instant), alwaysMilliseconds: true)
    }

    package static func standardError(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 { if errno == EINTR { continue } else { return } }
            offset += n
        }
    }
}
