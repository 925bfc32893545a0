import ReflexCore

/// A position as libyaml reports it: 0-based character index, line and column.
struct YAMLMark: Equatable {
    var index: Int
    var line: Int
    var column: Int

    /// The same place as the 1-based position users see.
    var position: SourcePosition { SourcePosition(line: line + 1, column: column + 1) }
}
