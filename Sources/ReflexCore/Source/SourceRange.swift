/// A position in a rule or scenario file: 1-based line and column (columns count Unicode scalars).
public struct SourcePosition: Hashable, Comparable, Sendable {
    public var line: Int32
    public var column: Int32

    public init(line: Int, column: Int) {
        self.line = Int32(clamping: line)
        self.column = Int32(clamping: column)
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// Where a value came from: a file and a start/end position in it (end is exclusive).
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var start: SourcePosition
    public var end: SourcePosition

    public init(file: String, start: SourcePosition, end: SourcePosition) {
        self.file = file
        self.start = start
        self.end = end
    }

    /// A range of one column at a position.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.start = SourcePosition(line: line, column: column)
        self.end = SourcePosition(line: line, column: column + 1)
    }

    /// A range standing for a whole file (used where no finer position exists).
    public static func file(_ path: String) -> SourceRange {
        SourceRange(file: path, line: 1, column: 1)
    }

    public var description: String { "\(file):\(start.line):\(start.column)" }
}

/// A value with the source range it was read from.
public struct Located<Value> {
    public var value: Value
    public var range: SourceRange

    public init(_ value: Value, at range: SourceRange) {
        self.value = value
        self.range = range
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
