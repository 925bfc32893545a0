/// The text of the files diagnostics point into, split into lines exactly where libyaml splits them.
public struct SourceStore: Sendable {
    private var files: [String: SourceFile] = [:]

    public init() {}

    /// Keeps a file the YAML loader has already split into lines.
    public mutating func add(_ source: SourceFile) { files[source.path] = source }

    public mutating func merge(_ other: SourceStore) {
        files.merge(other.files) { a, _ in a }
    }

    /// Line `n` (1-based) of `file` without its line break, decoded leniently.
    public func line(_ n: Int, of file: String) -> String? {
        files[file]?.line(n)
    }
}
