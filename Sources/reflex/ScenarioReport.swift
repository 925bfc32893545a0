import ReflexConfig
import ReflexCore
import ReflexSimulator

/// How `reflex test` and `reflex simulate` tell people about one scenario: a status line, and for each failed
/// expectation a compiler-style diagnostic at its place, the expected and actual values, and the trace around it.
struct ScenarioReport {
    var file: String
    var check: ScenarioCheck
    var result: SimulationResult
    /// Milliseconds of wall-clock time the run took.
    var wallTime: Int64

    /// Trace lines shown for a failure.
    static let contextLines = RunRecord.contextLimit

    /// `PASS hot afternoon: 30m simulated in 12ms (simulators/hot.yaml)`, saying how many MQTT payloads did not
    /// decode when some did not (they are ignored, as on the device, but are often a mistake in the scenario).
    var statusLine: String {
        let name = check.scenario?.name.value ?? file
        let verdict = result.passed ? "PASS" : "FAIL"
        var line = "\(verdict) \(name): \(DurationText.format(result.duration)) simulated in \(Self.wall(wallTime))"
        if result.decodeFailures > 0 {
            let n = result.decodeFailures
            line += "; \(n) payload\(n == 1 ? "" : "s") did not decode"
        }
        return line + " (\(file))"
    }

    /// Every failure with its diagnostic, values and, when `context`, the trace lines that explain it.
    func failures(context: Bool) -> String {
        let renderer = DiagnosticRenderer(sources: check.sources)
        var out = ""
        for failure in result.failures {
            out += renderer.text([failure.diagnostic])
            out += "  expected: \(failure.expected)\n"
            out += "  actual:   \(failure.actual)\n"
            guard context else { continue }
            let lines = result.record.events(explaining: failure, limit: Self.contextLines)
            let heading: String
            switch failure.evidence {
            case .upTo(_, let t):
                heading = "trace up to \(DurationText.format(t))"
                    + (lines.isEmpty ? ": nothing yet (initial values)" : "")
            case .notifications(let notifier):
                let name = result.record.program.notifiers[notifier].name
                heading = lines.isEmpty ? "no notification from '\(name)' in the trace" : "notifications from '\(name)'"
            case .drives(let slot):
                let name = result.record.program.signals[slot].name
                heading = lines.isEmpty ? "no change of '\(name)' in the trace" : "changes of '\(name)'"
            }
            out += "  \(heading)\(lines.isEmpty ? "" : ":")\n"
            for event in lines { out += "    " + TraceText.line(event, of: result.record) + "\n" }
        }
        return out
    }

    /// `12ms`, `1.25s`.
    static func wall(_ milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        let hundredths = (milliseconds + 5) / 10
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)s"
    }
}
