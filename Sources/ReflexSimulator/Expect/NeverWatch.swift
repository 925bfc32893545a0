import ReflexCore

/// Watches for the values a scenario's `never` expectations forbid, at every instant the run observes: the
/// initial values, the settled values after start-up and after every event, and every value driven to an output
/// (even one replaced within the same instant). Keeps the first sighting of each.
struct NeverWatch {
    struct Entry {
        var slot: Int
        var value: SignalValue
        var forbidden: Value
        /// The first sighting: when (ms after the start), the value seen, and the record's latest events then.
        var seen: (at: Int64, value: Value, context: [RunEvent])?
    }

    private(set) var entries: [Entry] = []

    init(_ expectations: [RunExpectation], slots: [String: Int]) {
        for expectation in expectations {
            guard case .never(let value) = expectation.kind, let slot = slots[value.name.value],
                  let forbidden = value.value
            else { continue }
            entries.append(Entry(slot: slot, value: value, forbidden: forbidden))
        }
    }

    var isEmpty: Bool { entries.isEmpty }

    /// The signals' values as the engine holds them at `t`, after the record's latest event.
    mutating func observe(_ engine: Engine, at t: Int64, record: RunRecord) {
        for i in entries.indices where entries[i].seen == nil {
            let value = engine.value(of: entries[i].slot)
            if ExpectedValue.matches(entries[i].forbidden, value) { entries[i].seen = (t, value, record.latest()) }
        }
    }

    /// A value driven to (or written to) the signal at `slot` at `t`, by the record's latest event.
    mutating func observe(slot: Int, value: Value, at t: Int64, record: RunRecord) {
        for i in entries.indices where entries[i].seen == nil && entries[i].slot == slot {
            if ExpectedValue.matches(entries[i].forbidden, value) { entries[i].seen = (t, value, record.latest()) }
        }
    }

    /// A failure for each forbidden value that was seen, in the order the expectations are written.
    func failures() -> [SimulationFailure] {
        entries.compactMap { entry in
            guard let seen = entry.seen else { return nil }
            let name = entry.value.name.value
            return SimulationFailure(
                range: entry.value.name.range,
                summary: "'\(name)' took a value it must never have",
                expected: "'\(name)' never \(ExpectedValue.text(entry.forbidden))",
                actual: "\(ExpectedValue.text(seen.value)) at \(DurationText.format(seen.at))",
                evidence: .upTo(context: seen.context, at: seen.at))
        }
    }
}
