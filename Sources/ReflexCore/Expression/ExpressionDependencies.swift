/// What a compiled expression or template reads, so the engine knows when to evaluate it again.
public struct ExpressionDependencies: Sendable, Hashable {
    /// A signal attribute whose value changes with time alone.
    public enum TimedAttribute: Sendable, Hashable {
        /// `.age`: now minus the last update.
        case age
        /// `.since`: now minus the last change.
        case since
        /// `.stale`: true once the age reaches the signal's limit.
        case stale
    }

    /// One read of a time-dependent attribute.
    public struct AttributeRead: Sendable, Hashable {
        public var slot: Int
        public var attribute: TimedAttribute

        public init(slot: Int, attribute: TimedAttribute) {
            self.slot = slot
            self.attribute = attribute
        }
    }

    /// A `time_between(start, end)`: true for start ≤ local time < end, wrapping past midnight.
    public struct TimeRange: Sendable, Hashable {
        /// Milliseconds since local midnight.
        public var start: Int64
        /// Milliseconds since local midnight.
        public var end: Int64

        public init(start: Int64, end: Int64) {
            self.start = start
            self.end = end
        }
    }

    /// Slots whose value or `.previous` is read, ascending.
    public var reads: [Int] = []
    /// Reads of `.age`, `.since` and `.stale`, by slot then attribute.
    public var attributeReads: [AttributeRead] = []
    /// Indices into the `WindowTable`, ascending.
    public var windows: [Int] = []
    /// Whether `now`, `hour`, `minute` or `weekday` is read.
    public var usesClock = false
    /// The `time_between` ranges, in order of first use.
    public var timeRanges: [TimeRange] = []
    /// Indices of the locals read, ascending.
    public var locals: [Int] = []

    public init() {}

    /// Whether time alone can change the value (the clock, `time_between`, `.age`, `.since`): what
    /// `ExpressionEvaluator.nextChange` answers for. `.stale` and windows are scheduled by the engine.
    public var changesWithTime: Bool {
        usesClock || !timeRanges.isEmpty || attributeReads.contains { $0.attribute != .stale }
    }

    /// Every signal slot read: values, timed attributes, and the signals under the windows used.
    public func signals(windows table: [WindowSpec]) -> Set<Int> {
        var out = Set(reads)
        for read in attributeReads { out.insert(read.slot) }
        for w in windows { out.insert(table[w].slot) }
        return out
    }

    /// Adds what `other` reads.
    public mutating func merge(_ other: ExpressionDependencies) {
        reads = Self.union(reads, other.reads)
        windows = Self.union(windows, other.windows)
        locals = Self.union(locals, other.locals)
        for read in other.attributeReads where !attributeReads.contains(read) {
            attributeReads.append(read)
        }
        attributeReads.sort(by: Self.precedes)
        usesClock = usesClock || other.usesClock
        for range in other.timeRanges where !timeRanges.contains(range) {
            timeRanges.append(range)
        }
    }

    static func precedes(_ a: AttributeRead, _ b: AttributeRead) -> Bool {
        if a.slot != b.slot { return a.slot < b.slot }
        return rank(a.attribute) < rank(b.attribute)
    }

    private static func rank(_ attribute: TimedAttribute) -> Int {
        switch attribute {
        case .age: 0
        case .since: 1
        case .stale: 2
        }
    }

    private static func union(_ a: [Int], _ b: [Int]) -> [Int] {
        Array(Set(a).union(b)).sorted()
    }
}
