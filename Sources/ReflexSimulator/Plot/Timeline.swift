/// What a simulation recorded, as the timeline picture draws it: series, bands and markers over a run.
public struct Timeline: Sendable, Equatable {
    /// A value from an instant until the next point of its series; `nil` is no value.
    public struct Point<Value: Sendable & Equatable>: Sendable, Equatable {
        public var t: Int64
        public var value: Value?

        public init(t: Int64, value: Value?) {
            self.t = t
            self.value = value
        }
    }

    /// A number drawn as a step line; series with the same unit share a panel.
    public struct NumericSeries: Sendable, Equatable {
        public var name: String
        public var unit: String?
        /// In ascending time order.
        public var points: [Point<Double>]

        public init(name: String, unit: String? = nil, points: [Point<Double>]) {
            self.name = name
            self.unit = unit
            self.points = points
        }
    }

    /// An on/off signal (input, output or state) drawn as a band.
    public struct BoolSeries: Sendable, Equatable {
        public var name: String
        /// In ascending time order.
        public var points: [Point<Bool>]

        public init(name: String, points: [Point<Bool>]) {
            self.name = name
            self.points = points
        }
    }

    /// Something that happened at one instant.
    public struct Marker: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case ruleActivated
            case ruleReleased
            case notification
            case log
        }

        public var t: Int64
        public var kind: Kind
        public var label: String

        public init(t: Int64, kind: Kind, label: String) {
            self.t = t
            self.kind = kind
            self.label = label
        }
    }

    /// From `at` on, wall clock time is UTC plus `seconds`.
    public struct OffsetChange: Sendable, Equatable {
        public var at: Int64
        public var seconds: Int

        public init(at: Int64, seconds: Int) {
            self.at = at
            self.seconds = seconds
        }
    }

    public var title: String
    /// Milliseconds since the Unix epoch; the run covers `start...end`.
    public var start: Int64
    public var end: Int64
    /// The zone's offsets in ascending order of `at`; the first also applies before its instant, none is UTC.
    public var utcOffsets: [OffsetChange]
    public var numeric: [NumericSeries]
    public var bools: [BoolSeries]
    public var markers: [Marker]

    public init(
        title: String, start: Int64, end: Int64, utcOffsets: [OffsetChange] = [],
        numeric: [NumericSeries] = [], bools: [BoolSeries] = [], markers: [Marker] = []
    ) {
        self.title = title
        self.start = start
        self.end = end
        self.utcOffsets = utcOffsets
        self.numeric = numeric
        self.bools = bools
        self.markers = markers
    }

    /// Seconds east of UTC of the wall clock at `instant`.
    public func utcOffset(at instant: Int64) -> Int {
        var seconds = utcOffsets.first?.seconds ?? 0
        for change in utcOffsets {
            if change.at > instant { break }
            seconds = change.seconds
        }
        return seconds
    }
}
