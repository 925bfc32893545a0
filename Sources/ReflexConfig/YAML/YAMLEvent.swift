import ReflexCore

/// One libyaml parser event, copied out of C memory into Swift values.
enum YAMLEvent {
    case streamStart
    case streamEnd
    case documentStart(start: YAMLMark)
    case documentEnd
    case alias(anchor: String, start: YAMLMark, end: YAMLMark)
    case scalar(YAMLScalarEvent)
    case sequenceStart(YAMLCollectionStart)
    case sequenceEnd(end: YAMLMark)
    case mappingStart(YAMLCollectionStart)
    case mappingEnd(end: YAMLMark)
}

/// A position as libyaml reports it: 0-based character index, line and column.
struct YAMLMark: Equatable {
    var index: Int
    var line: Int
    var column: Int

    /// The same place as the 1-based position users see.
    var position: SourcePosition { SourcePosition(line: line + 1, column: column + 1) }
}

/// The parts of a scalar event the tree needs.
struct YAMLScalarEvent {
    var value: String
    var style: ScalarStyle
    var anchor: String?
    var tag: String?
    var start: YAMLMark
    var end: YAMLMark
}

/// The parts of a sequence- or mapping-start event the tree needs.
struct YAMLCollectionStart {
    var anchor: String?
    var tag: String?
    var isFlow: Bool
    var start: YAMLMark
    /// For a block collection: where its first key or first '-' is (the start is at an anchor or tag if any).
    var end: YAMLMark
}
