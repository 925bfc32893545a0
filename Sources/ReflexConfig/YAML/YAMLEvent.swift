/// One libyaml parser event, copied out of C memory into Swift values.
enum YAMLEvent {
    case streamStart
    case streamEnd
    case documentStart(start: YAMLMark)
    case documentEnd
    case alias(anchor: String, start: YAMLMark, end: YAMLMark)
    case scalar(Scalar)
    case sequenceStart(CollectionStart)
    case sequenceEnd(end: YAMLMark)
    case mappingStart(CollectionStart)
    case mappingEnd(end: YAMLMark)

    /// The parts of a scalar event the tree needs.
    struct Scalar {
        var value: String
        var style: ScalarStyle
        var anchor: String?
        var tag: String?
        var start: YAMLMark
        var end: YAMLMark
    }

    /// The parts of a sequence- or mapping-start event the tree needs.
    struct CollectionStart {
        var anchor: String?
        var tag: String?
        var isFlow: Bool
        var start: YAMLMark
        /// For a block collection: where its first key or first '-' is (the start is at an anchor or tag if any).
        var end: YAMLMark
    }
}
