import ReflexCore

extension YAMLLoader {
    /// Reads and parses the file at `path`; a file that cannot be read is reported as a diagnostic.
    public static func load(path: String) -> YAMLLoadResult {
        switch FileSystem.read(path) {
        case .success(let bytes):
            return load(bytes, file: path)
        case .failure(let failure):
            let diagnostic = Diagnostic.error("cannot read '\(path)': \(failure)", at: .file(path))
            return YAMLLoadResult(root: nil, diagnostics: [diagnostic], source: SourceFile(path: path, bytes: []))
        }
    }
}
