import ReflexCore

/// Samples a run into a `Timeline` for the picture: every number signal as a step series, every bool signal as a
/// band, rules activating and releasing, notifications and logs as markers.
///
/// Each number input, output and state gets its own panel; a var that reads exactly one of them (`avg(temp, 10m)`)
/// is drawn in that one's panel, other vars in panels of their own. Signals are sampled after every event, and a
/// point is added only when the value differs from the series' last one.
struct TimelineRecorder {
    private struct Series {
        var slot: Int
        var numeric: Bool
        var unit: String?
        var numbers: [Timeline.Point<Double>] = []
        var bools: [Timeline.Point<Bool>] = []
        var last: Value?
    }

    private let start: Int64
    private let names: [String]
    private var series: [Series] = []
    private var markers: [Timeline.Marker] = []

    /// `start`: the run's start instant (the timeline is in instants since the epoch).
    init(program: Program, start: Int64) {
        self.start = start
        names = program.signals.map(\.name)
        var panelOf: [Int: String] = [:]
        for (slot, s) in program.signals.enumerated() where s.type == .number && s.kind != .variable {
            panelOf[slot] = s.name
        }
        for variable in program.variables {
            let read = variable.expression.dependencies.signals(windows: program.windows).filter { panelOf[$0] != nil }
            if program.signals[variable.slot].type == .number {
                panelOf[variable.slot] = read.count == 1 ? panelOf[read.first!] : program.signals[variable.slot].name
            }
        }
        for (slot, s) in program.signals.enumerated() {
            switch s.type {
            case .number: series.append(Series(slot: slot, numeric: true, unit: panelOf[slot]))
            case .bool: series.append(Series(slot: slot, numeric: false))
            case .string, .duration, .timeOfDay, .instant: break
            }
        }
    }

    /// The values the engine holds at `t` (ms after the start).
    mutating func sample(_ engine: Engine, at t: Int64) {
        for i in series.indices {
            let value = engine.value(of: series[i].slot)
            guard value != series[i].last else { continue }
            series[i].last = value
            let instant = start + t
            if series[i].numeric {
                let number: Double? = if case .number(let d) = value { d } else { nil }
                let point = Timeline.Point(t: instant, value: number)
                if series[i].numbers.last?.t == instant { series[i].numbers.removeLast() }
                series[i].numbers.append(point)
            } else {
                let bool: Bool? = if case .bool(let b) = value { b } else { nil }
                let point = Timeline.Point(t: instant, value: bool)
                if series[i].bools.last?.t == instant { series[i].bools.removeLast() }
                series[i].bools.append(point)
            }
        }
    }

    mutating func mark(_ kind: Timeline.Marker.Kind, _ label: String, at t: Int64) {
        markers.append(Timeline.Marker(t: start + t, kind: kind, label: label))
    }

    /// The timeline of a run of `duration` ms titled `title`, with wall-clock offsets read in `zone`.
    func timeline(title: String, duration: Int64, zone: TimeZoneRules) -> Timeline {
        let end = start + duration
        var offsets = [Timeline.OffsetChange(at: start, seconds: zone.offset(at: start))]
        var t = start
        while let next = zone.nextTransition(after: t), next <= end {
            offsets.append(Timeline.OffsetChange(at: next, seconds: zone.offset(at: next)))
            t = next
        }
        var numeric: [Timeline.NumericSeries] = []
        var bools: [Timeline.BoolSeries] = []
        for s in series {
            if s.numeric {
                numeric.append(Timeline.NumericSeries(name: names[s.slot], unit: s.unit, points: s.numbers))
            } else {
                bools.append(Timeline.BoolSeries(name: names[s.slot], points: s.bools))
            }
        }
        return Timeline(title: title, start: start, end: end, utcOffsets: offsets, numeric: numeric, bools: bools,
                        markers: markers)
    }
}
