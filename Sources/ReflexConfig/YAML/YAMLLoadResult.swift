import ReflexCore

/// What loading one YAML file gives: the tree (if one could be built), the problems found, and the file's text.
public struct YAMLLoadResult: Sendable {
    /// The document's root node; nil for an empty file or when loading had to stop (a syntax error, nesting
    /// deeper than the limit, aliases expanding too far, an unreadable file).
    public var root: YAMLNode?
    /// Errors in reading order of discovery; parts of the tree they concern are left out of `root`.
    public var diagnostics: [Diagnostic]
    /// The file's lines, for showing diagnostics with their source line.
    public var source: SourceFile

    public init(root: YAMLNode?, diagnostics: [Diagnostic], source: SourceFile) {
        self.root = root
        self.diagnostics = diagnostics
        self.source = source
    }
}
