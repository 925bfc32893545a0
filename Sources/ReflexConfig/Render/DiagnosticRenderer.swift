import ReflexCore

/// Renders diagnostics for people (compiler style, with the source line and a caret) and for tools (JSON).
public struct DiagnosticRenderer: Sendable {
    public var sources: SourceStore

    public init(sources: SourceStore) {
        self.sources = sources
    }

    /// `file:line:col: error: message`, the source line, a caret under the column (tildes to the range's end on
    /// the same line), then the notes the same way.
    public func text(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for d in diagnostics {
            out += block(d.severity, d.message, d.range)
            for note in d.notes { out += block(.note, note.message, note.range) }
        }
        return out
    }

    private func block(_ severity: Diagnostic.Severity, _ message: String, _ range: SourceRange) -> String {
        var out = "\(range.file):\(range.start.line):\(range.start.column): \(severity.rawValue): \(message)\n"
        guard let line = sources.line(Int(range.start.line), of: range.file) else { return out }
        let shown = line.unicodeScalars.map { $0 == "\t" ? " " : $0 }
        out += String(String.UnicodeScalarView(shown)) + "\n"
        let column = max(1, Int(range.start.column))
        var caret = String(repeating: " ", count: min(column - 1, shown.count))
        caret += "^"
        if range.end.line == range.start.line {
            let width = min(Int(range.end.column), shown.count + 1) - column - 1
            if width > 0 { caret += String(repeating: "~", count: width) }
        }
        out += caret + "\n"
        return out
    }

    /// One JSON object: `{"diagnostics": [...], "errors": N, "warnings": N}`.
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        var items: [String] = []
        for d in diagnostics {
            let notes = d.notes.map { n in
                "{" + position(n.range) + ",\"message\":" + ValueText.jsonString(n.message) + "}"
            }
            items.append("{" + position(d.range) + ",\"severity\":\"\(d.severity.rawValue)\",\"message\":"
                         + ValueText.jsonString(d.message) + ",\"notes\":[" + notes.joined(separator: ",") + "]}")
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        return "{\"diagnostics\":[" + items.joined(separator: ",") + "],\"errors\":\(errors),\"warnings\":\(warnings)}"
    }

    private static func position(_ r: SourceRange) -> String {
        "\"file\":" + ValueText.jsonString(r.file) + ",\"line\":\(r.start.line),\"column\":\(r.start.column)"
            + ",\"end_line\":\(r.end.line),\"end_column\":\(r.end.column)"
    }
}
