import ReflexCore

/// Loads one YAML rule file into a node tree whose every node knows the file range it was written at.
public enum YAMLLoader {
    /// Parses `bytes` (UTF-8) named `file` in diagnostics. Never throws: problems come back as diagnostics.
    public static func load(_ bytes: [UInt8], file: String) -> YAMLLoadResult {
        let source = SourceFile(path: file, bytes: bytes)
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            let start = SourceRange(file: file, line: 1, column: 1)
            return YAMLLoadResult(
                root: nil, diagnostics: [.error("the file is UTF-16 text; save it as UTF-8", at: start)],
                source: source)
        }
        guard !bytes.isEmpty else { return YAMLLoadResult(root: nil, diagnostics: [], source: source) }

        var builder = YAMLTreeBuilder(file: source)
        var keepRoot = true
        var syntaxError: Diagnostic?
        // The buffer stays pinned for the whole parse: libyaml reads it lazily, event by event.
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            do throws(LibYAMLError) {
                var reader = try YAMLEventReader(bytes: base, count: buffer.count)
                while true {
                    if case .stop(let keep) = builder.handle(try reader.next()) {
                        keepRoot = keep
                        return
                    }
                }
            } catch {
                syntaxError = error.diagnostic(in: source)
            }
        }
        var diagnostics = builder.diagnostics
        if let syntaxError {
            diagnostics.append(syntaxError)
            keepRoot = false
        }
        return YAMLLoadResult(root: keepRoot ? builder.root : nil, diagnostics: diagnostics, source: source)
    }
}
