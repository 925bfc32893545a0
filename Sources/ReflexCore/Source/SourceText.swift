/// Maps an offset inside a scalar's value back to the file position it was written at.
///
/// Contract: `location(ofScalarOffset:)` accepts 0...count (count = one past the last Unicode scalar) and
/// returns a position inside the file the scalar came from. It is only called when a diagnostic is made,
/// so it may be slow.
public protocol SourceMapping: Sendable {
    func position(ofScalarOffset offset: Int) -> SourcePosition
}

/// A piece of rule text (an expression or a template) and where its characters came from.
///
/// Offsets are counted in Unicode scalars of `text`.
public struct SourceText: Sendable {
    public var text: String
    /// The range of the whole YAML node holding the text.
    public var range: SourceRange
    public var mapping: (any SourceMapping)?

    public init(_ text: String, range: SourceRange, mapping: (any SourceMapping)? = nil) {
        self.text = text
        self.range = range
        self.mapping = mapping
    }

    /// The file position of the scalar at `offset`; without a mapping, the node's start.
    public func position(at offset: Int) -> SourcePosition {
        guard let mapping else { return range.start }
        return mapping.position(ofScalarOffset: offset)
    }

    /// The source range of scalars `[from, to)`.
    public func range(from: Int, to: Int) -> SourceRange {
        guard mapping != nil else { return range }
        let start = position(at: from)
        var end = position(at: max(from, to))
        if end <= start { end = SourcePosition(line: Int(start.line), column: Int(start.column) + 1) }
        return SourceRange(file: range.file, start: start, end: end)
    }
}
