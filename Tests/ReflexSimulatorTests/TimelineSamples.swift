import ReflexSimulator

/// Timelines the plot tests draw: an ordinary afternoon in a greenhouse and the awkward cases.
enum TimelineSamples {
    /// 2026-07-01T14:00:00+02:00.
    static let afternoon: Int64 = 1_782_907_200_000
    static let minute: Int64 = 60_000

    /// 30 minutes: the temperature climbs, the cooling rule starts the fan and opens the vent, then lets go.
    static var greenhouse: Timeline {
        var temps: [Timeline.Point<Double>] = []
        var averages: [Timeline.Point<Double>] = []
        var recent: [Int] = []
        for step in 0...60 {
            let seconds = step * 30
            // Tenths of a degree: +6/min to 14:10, +2/min to 14:15, then -5/min down to 23.0.
            let tenths: Int
            if seconds <= 600 {
                tenths = 220 + seconds / 10
            } else if seconds <= 900 {
                tenths = 280 + (seconds - 600) / 30
            } else {
                tenths = max(230, 290 - (seconds - 900) / 12)
            }
            let t = afternoon + Int64(seconds) * 1000
            temps.append(.init(t: t, value: Double(tenths) / 10))
            recent.append(tenths)
            if recent.count > 10 { recent.removeFirst() }
            if step > 0 {
                averages.append(.init(t: t, value: Double(recent.reduce(0, +) / recent.count) / 10))
            }
        }
        return Timeline(
            title: "hot afternoon — greenhouse.yaml",
            start: afternoon, end: afternoon + 30 * minute,
            utcOffsets: [.init(at: 0, seconds: 7200)],
            numeric: [
                .init(name: "temp", unit: "°C", points: temps),
                .init(name: "temp_avg", unit: "°C", points: averages),
            ],
            bools: [
                .init(
                    name: "fan",
                    points: [
                        .init(t: afternoon, value: false), .init(t: afternoon + 10 * minute, value: true),
                        .init(t: afternoon + 25 * minute, value: false),
                    ]),
                .init(
                    name: "vent",
                    points: [
                        .init(t: afternoon, value: false), .init(t: afternoon + 15 * minute, value: true),
                        .init(t: afternoon + 25 * minute, value: false),
                    ]),
                .init(
                    name: "heater",
                    points: [.init(t: afternoon + 30_000, value: false)]),
            ],
            markers: [
                .init(t: afternoon + 10 * minute, kind: .ruleActivated, label: "cooling"),
                .init(t: afternoon + 15 * minute, kind: .notification, label: "ops: greenhouse is hot (29 °C)"),
                .init(t: afternoon + 25 * minute, kind: .ruleReleased, label: "cooling"),
            ])
    }

    /// One instant: a series with no points, one with only `none`, one with a single value; the same for bands.
    static var edges: Timeline {
        Timeline(
            title: "edge <cases> & \"quotes\" 'too'",
            start: afternoon, end: afternoon,
            utcOffsets: [.init(at: 0, seconds: 7200)],
            numeric: [
                .init(name: "empty", unit: "kPa", points: []),
                .init(name: "never", unit: "kPa", points: [.init(t: afternoon, value: nil)]),
                .init(name: "level", unit: "m", points: [.init(t: afternoon, value: 3.5)]),
            ],
            bools: [
                .init(name: "door", points: []),
                .init(name: "lamp", points: [.init(t: afternoon, value: nil)]),
                .init(
                    name: "pump_with_a_really_long_signal_name_that_does_not_fit",
                    points: [.init(t: afternoon, value: true)]),
            ],
            markers: [
                .init(t: afternoon, kind: .log, label: "level <3.5> & rising")
            ])
    }
}
