import ReflexCore

/// One run of a `Simulation` in progress: the engine on a virtual clock, the scenario's lines, models and steps,
/// and what is being recorded. Times are milliseconds after the start unless named instants. Used once.
final class VirtualRun {
    let scenario: Scenario
    /// The rule set with the scenario's initial values put in.
    let program: Program
    let engine: Engine
    /// Milliseconds since the Unix epoch at t = 0.
    let start: Int64
    let slots: [String: Int]
    let notifiers: [String: Int]

    var record: RunRecord
    var lines: [SimulatedLine] = []
    var lineOf: [Int: Int] = [:]
    var models: [ModelledInput] = []
    /// The MQTT inputs, in declaration order: slot, topic filter and decoder.
    var decoders: [(slot: Int, filter: String, decoder: PayloadDecoder)] = []
    var watch: NeverWatch
    /// Nil unless the run's picture was asked for.
    var timeline: TimelineRecorder?
    var failures: [SimulationFailure] = []
    var decodeFailures = 0

    /// Where the trace goes line by line as the run makes it, when it is asked for.
    let traceSink: ((String) -> Void)?
    var traceWriter: TraceWriter

    init(_ simulation: Simulation, retention: RunRecord.Retention, timeline drawn: Bool,
         trace: ((String) -> Void)?)
    {
        traceSink = trace
        scenario = simulation.scenario
        start = simulation.start
        var program = simulation.program
        var slots: [String: Int] = [:]
        for (slot, s) in program.signals.enumerated() { slots[s.name] = slot }
        self.slots = slots
        var notifiers: [String: Int] = [:]
        for (i, n) in program.notifiers.enumerated() { notifiers[n.name] = i }
        self.notifiers = notifiers

        for value in scenario.initial {
            if let slot = slots[value.name.value], let v = value.value { program.signals[slot].initial = v }
        }
        for model in scenario.models {
            guard let slot = slots[model.input.value] else { continue }
            let modelled = ModelledInput(model, slot: slot, type: program.signals[slot].type, slots: slots)
            program.signals[slot].initial = modelled.value
            models.append(modelled)
        }
        for input in program.inputs {
            switch input.source {
            case .gpio:
                lineOf[input.slot] = lines.count
                lines.append(SimulatedLine(input, initial: program.signals[input.slot].initial))
            case .mqtt(let filter):
                if let decoder = PayloadDecoder(type: program.signals[input.slot].type, json: input.json) {
                    decoders.append((input.slot, filter.value, decoder))
                }
            }
        }
        self.program = program
        engine = Engine(program: program, start: simulation.start, zone: simulation.zone)
        engine.tracing = true
        record = RunRecord(program: program, start: simulation.start, zone: simulation.zone, retention: retention)
        traceWriter = TraceWriter(program: program, zone: simulation.zone, start: simulation.start)
        watch = NeverWatch(scenario.expectations, slots: slots)
        timeline = drawn ? TimelineRecorder(program: program, start: simulation.start) : nil
    }

    var duration: Int64 { scenario.duration.value }

    func run() -> SimulationResult {
        watch.observe(engine, at: 0, record: record)
        timeline?.sample(engine, at: 0)
        took(engine.start(), at: 0)
        runTimers(upTo: 0)
        var step = 0
        let steps = scenario.steps
        while let t = nextInstant(step: step), t <= duration {
            runTimers(upTo: t)
            for i in lines.indices where lines[i].deadline.map({ $0 <= t }) ?? false {
                if let value = lines[i].expire(at: t) { update([(lines[i].slot, value)], .gpio, at: t) }
            }
            publishModels(at: t)
            while step < steps.count, steps[step].at.value == t {
                perform(steps[step], at: t)
                step += 1
            }
        }
        note(.end, at: duration)
        let judged = watch.failures()
            + RunExpectationCheck(record: record, notifiers: notifiers, slots: slots).failures(scenario.expectations)
        failures += judged.sorted { $0.range.start < $1.range.start }
        let picture = timeline?.timeline(title: scenario.name.value, duration: duration, zone: record.zone)
        return SimulationResult(record: record, failures: failures, decodeFailures: decodeFailures,
                                duration: duration, timeline: picture)
    }

    /// The next instant anything is due: an engine timer, a debounce deadline, a model, or a step.
    func nextInstant(step: Int) -> Int64? {
        var next: Int64? = step < scenario.steps.count ? scenario.steps[step].at.value : nil
        func consider(_ t: Int64?) {
            if let t, next.map({ t < $0 }) ?? true { next = t }
        }
        consider(engine.nextDeadline.map(since))
        for line in lines { consider(line.deadline) }
        for model in models { consider(model.next) }
        return next
    }

    /// Runs the engine's timers due up to `t`, one deadline at a time so that each effect has its instant.
    func runTimers(upTo t: Int64) {
        while let deadline = engine.nextDeadline, since(deadline) <= t {
            let at = since(deadline)
            advanceModels(to: at)
            took(engine.advance(to: deadline), at: at)
        }
    }

    /// Milliseconds from the start to `instant`, held at the ends of the range rather than overflowing.
    func since(_ instant: Int64) -> Int64 {
        let (t, overflow) = instant.subtractingReportingOverflow(start)
        return overflow ? (instant > 0 ? .max : .min) : t
    }

    /// Input updates applied together at `t`, then the timers that made due at `t`.
    func update(_ updates: [(slot: Int, value: Value)], _ origin: RunEvent.Origin, at t: Int64) {
        advanceModels(to: t)
        for u in updates {
            note(.input(slot: u.slot, value: u.value, origin: origin), at: t)
        }
        took(engine.update(updates, at: start + t), at: t)
        runTimers(upTo: t)
    }

    /// Records an event, and writes its trace line when the trace is streamed.
    func note(_ kind: RunEvent.Kind, at t: Int64) {
        let event = RunEvent(at: t, kind: kind)
        record.append(event)
        if let traceSink { traceSink(TraceText.line(event, of: record, writer: &traceWriter)) }
    }

    /// Records what the engine did at `t` and observes the values it left.
    func took(_ effects: [Effect], at t: Int64) {
        for effect in effects {
            // The engine's update entries are recorded as inputs, with where they came from.
            if case .trace(let event) = effect, case .update = event.kind { continue }
            note(.effect(effect), at: t)
            switch effect {
            case .drive(let slot, let value):
                watch.observe(slot: slot, value: value, at: t, record: record)
            case .notify(let n):
                timeline?.mark(.notification, "\(program.notifiers[n.notifier].name): \(n.message)", at: t)
            case .log(let rule, let message):
                timeline?.mark(.log, rule.isEmpty ? message : "\(rule): \(message)", at: t)
            case .trace(let event):
                switch event.kind {
                case .set(let slot, let value): watch.observe(slot: slot, value: value, at: t, record: record)
                case .activated(let r): timeline?.mark(.ruleActivated, program.rules[r].name, at: t)
                case .released(let r): timeline?.mark(.ruleReleased, program.rules[r].name, at: t)
                case .start, .update, .timer, .late, .waiting, .cancelled, .fired, .dropped, .queued, .edge,
                     .decodeFailure:
                    break
                }
            case .publish:
                break
            }
        }
        watch.observe(engine, at: t, record: record)
        timeline?.sample(engine, at: t)
    }
}
