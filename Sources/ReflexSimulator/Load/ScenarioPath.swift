import ReflexConfig

/// Paths named in a scenario: resolved against the scenario file's folder and tidied for messages.
enum ScenarioPath {
    /// `path` as seen from the folder of `file` (unchanged when absolute), with `.` and `dir/..` removed.
    static func resolve(_ path: String, from file: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        guard let slash = file.lastIndex(of: "/") else { return normalize(path) }
        return normalize(String(file[...slash]) + path)
    }

    /// Removes `.` parts and folds `name/..` (lexically; a leading `..` stays).
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", absolute, parts.isEmpty {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
