import ReflexCore

/// The scenario's steps: input updates from their sources, raw messages, line edges, and checks.
extension VirtualRun {
    func perform(_ step: ScenarioStep, at t: Int64) {
        switch step.action {
        case .set(let values):
            var updates: [(slot: Int, value: Value)] = []
            for v in values {
                guard let slot = slots[v.name.value], let value = v.value else { continue }
                if let line = lineOf[slot] { lines[line].settle(at: value) }
                updates.append((slot, value))
            }
            update(updates, .step, at: t)
        case .mqtt(let topic, let payload):
            message(topic.value, payload.value, at: t)
        case .gpio(let edges):
            var updates: [(slot: Int, value: Value)] = []
            for e in edges {
                guard let slot = slots[e.input.value], let line = lineOf[slot] else { continue }
                note(.edge(slot: slot, edge: e.edge.value), at: t)
                if let value = lines[line].edge(e.edge.value, at: t) { updates.append((slot, value)) }
            }
            if !updates.isEmpty { update(updates, .gpio, at: t) }
        case .expect(let values):
            for v in values {
                guard let slot = slots[v.name.value], let expected = v.value else { continue }
                check(v, slot: slot, expected: expected, at: t)
            }
        }
    }

    /// A raw message through the decoder of every input whose filter matches, in declaration order; the values
    /// that decode are applied together, the payloads that do not are counted and recorded.
    func message(_ topic: String, _ payload: String, at t: Int64) {
        var updates: [(slot: Int, value: Value)] = []
        for d in decoders where TopicFilter.matches(filter: d.filter, topic: topic) {
            switch d.decoder.decode(Array(payload.utf8)) {
            case .success(let value):
                updates.append((d.slot, value))
            case .failure(let failure):
                decodeFailures += 1
                note(.decodeFailure(slot: d.slot, topic: topic, failure: failure), at: t)
            }
        }
        if !updates.isEmpty { update(updates, .mqtt, at: t) }
    }

    /// An `expect` step's value for one signal, against what the engine holds now.
    func check(_ v: SignalValue, slot: Int, expected: Value, at t: Int64) {
        let actual = engine.value(of: slot)
        let passed = ExpectedValue.matches(expected, actual)
        note(.check(slot: slot, expected: expected, actual: actual, passed: passed), at: t)
        guard !passed else { return }
        let offset = record.zone.offset(at: start + t)
        failures.append(SimulationFailure(
            range: v.name.range, summary: "'\(v.name.value)' at \(DurationText.format(t)) is not as expected",
            expected: ExpectedValue.text(expected, utcOffset: offset),
            actual: ExpectedValue.text(actual, utcOffset: offset),
            evidence: .upTo(context: record.latest(), at: t)))
    }
}
