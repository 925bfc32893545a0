import CMosquitto
import ReflexConfig
import ReflexCore

/// One rule set running on the device (`reflex run`): the engine fed by MQTT inputs on the event loop, its
/// effects carried out on the broker and through the notification courier, its deadlines on the loop's timer.
///
/// The order of operations is the simulator's (`VirtualRun`): start-up, then each arriving message's values
/// applied together in one `Engine.update` at the wall-clock instant, then the timers that made due at that
/// instant; a timer runs `Engine.advance` one deadline at a time. The engine counts in wall-clock milliseconds;
/// the loop's timer is armed on the monotonic clock at the same distance, and re-armed when the wall clock is
/// set (the loop reports it).
///
/// GPIO lines have no driver in this runtime yet: a rule set that has any is refused unless `dryRun`, where
/// GPIO inputs never change and drives of GPIO outputs are only logged (`drive(_:to:because:at:)` is where the
/// GPIO driver plugs in).
///
/// Loop-bound: made and run on one thread, before any other thread starts (the loop blocks the signals).
package final class DeviceRuntime {
    /// What `reflex run` was asked to run, and how.
    package struct Configuration {
        package var program: Program
        package var zone: TimeZoneRules
        /// Holds the outbox (`outbox.sqlite`) and the kept state (`state.json`); must exist. A dry run neither
        /// reads nor writes anything here.
        package var stateDirectory: String
        /// Drive nothing, publish nothing, store no notification: log what would be done.
        package var dryRun: Bool

        package init(program: Program, zone: TimeZoneRules, stateDirectory: String, dryRun: Bool) {
            self.program = program
            self.zone = zone
            self.stateDirectory = stateDirectory
            self.dryRun = dryRun
        }
    }

    /// Recompiles the rule set for SIGHUP: the new program, or the diagnostics that keep the running one.
    package typealias Reload = () -> Result<Program, RuntimeRefusal>

    /// Called on SIGHUP; nil ignores the signal.
    package var reload: Reload?
    /// Payloads that did not decode for an input, since the start.
    package private(set) var decodeFailures = 0

    private let loop: EventLoop
    private let log: RuntimeLog
    private let zone: TimeZoneRules
    private let dryRun: Bool
    private var program: Program
    private var engine: Engine
    private var traceWriter: TraceWriter
    private var evaluator = ExpressionEvaluator()
    /// The MQTT inputs in declaration order: slot, topic filter, decoder.
    private var decoders: [(slot: Int, filter: String, decoder: PayloadDecoder)] = []
    private var outputIndex: [Int: Int] = [:]
    private var subscribed: Set<String> = []
    private var broker: BrokerConnection!
    private var courier: NotificationCourier?
    /// Where the engine's snapshot is kept; nil in a dry run.
    private var store: StateStore?
    /// What start-up found in the store, logged once the run starts.
    private var loaded: StateStore.Loaded = .nothing
    private var engineTimer: LoopTimer!
    private var stopTimer: LoopTimer!
    private var stopping = false

    /// How long a stop waits for the broker to take the safe values and the offline status before giving up.
    static let stopGrace: Int64 = 1500

    /// Sets everything up; nothing is connected or run before `run()`. Throws when the rule set cannot run here.
    package init(_ configuration: Configuration, log: RuntimeLog) throws(RuntimeRefusal) {
        program = configuration.program
        zone = configuration.zone
        dryRun = configuration.dryRun
        self.log = log
        if !dryRun { try Self.refuseGPIO(program) }
        do {
            loop = try EventLoop()
        } catch {
            throw RuntimeRefusal("cannot set up the event loop: \(error)")
        }
        let start = loop.clock.wallMilliseconds()
        if !dryRun {
            let store = StateStore(directory: configuration.stateDirectory)
            loaded = store.load(now: start)
            self.store = store
        }
        var kept: EngineSnapshot?
        if case .restored(let snapshot) = loaded { kept = snapshot }
        engine = Engine(program: program, start: start, zone: zone, restoring: kept)
        engine.tracing = true
        traceWriter = TraceWriter(program: program, zone: zone, start: start)
        var settings: BrokerSettings
        do {
            settings = try BrokerSettings(program.mqtt, site: program.site)
        } catch {
            throw RuntimeRefusal("\(error)")
        }
        if dryRun {
            // A dry run publishes nothing, not even its status, and must not take over the live instance's session.
            settings.statusTopic = nil
            settings.clientID += "-dry-run"
        }
        do {
            broker = try BrokerConnection(settings: settings, loop: loop) { [weak self] event in self?.brokerEvent(event) }
        } catch {
            throw RuntimeRefusal("\(error)")
        }
        if !dryRun {
            let routes = try Self.routes(program)
            let outbox: Outbox
            do {
                outbox = try Outbox(path: configuration.stateDirectory + "/outbox.sqlite", site: program.site)
            } catch {
                throw RuntimeRefusal("cannot open the outbox in '\(configuration.stateDirectory)': \(error)")
            }
            let broker = self.broker!
            courier = NotificationCourier(
                outbox: outbox, routes: routes, loop: loop,
                publish: { topic, payload throws(BrokerError) in
                    try broker.publish(topic: topic, payload: payload, qos: 1, retain: false)
                },
                report: { [weak self] report in self?.courierReport(report) })
        }
        engineTimer = loop.makeTimer { [weak self] in self?.deadlineArrived() }
        stopTimer = loop.makeTimer { [weak self] in self?.finish() }
        loop.onSignal = { [weak self] signal in self?.received(signal) }
        loop.onWallClockChange = { [weak self] in self?.armEngineTimer() }
        index(program)
    }

    /// Connects, starts the engine and runs until SIGTERM or SIGINT has been handled.
    package func run() throws {
        let address = broker.settings.address
        let start = traceWriter.start
        log.event("starting", "starting \(program.site)\(dryRun ? " (dry run)" : ""), broker \(address)", at: start,
                  fields: [("site", program.site), ("broker", address), ("dry_run", dryRun ? "true" : "false")])
        logLoaded(at: start)
        subscribeInputs()
        broker.start()
        carry(engine.start(), at: start)
        logDropped(at: start)
        settle(upTo: start)
        courier?.pump()  // what a previous run left in the outbox
        try loop.run()
        log.event("stopped", "stopped", at: loop.clock.wallMilliseconds())
        loop.close()
    }

    // MARK: The rule set

    /// The rule set's GPIO lines, which this runtime cannot drive or read yet.
    static func gpioSignals(_ program: Program) -> [String] {
        var names: [String] = []
        for input in program.inputs { if case .gpio = input.source { names.append(program.signals[input.slot].name) } }
        for output in program.outputs {
            if case .gpio = output.target { names.append(program.signals[output.slot].name) }
        }
        return names
    }

    private static func refuseGPIO(_ program: Program) throws(RuntimeRefusal) {
        let names = gpioSignals(program)
        guard !names.isEmpty else { return }
        throw RuntimeRefusal(
            "the rule set uses GPIO lines (\(names.joined(separator: ", "))), and this build of reflex has no GPIO "
                + "driver yet; use --dry-run to run it without them")
    }

    /// How each notifier delivers; refuses a webhook whose URL or a header needs an unset environment variable.
    private static func routes(_ program: Program) throws(RuntimeRefusal) -> [String: NotificationCourier.Route] {
        var routes: [String: NotificationCourier.Route] = [:]
        for notifier in program.notifiers {
            switch notifier.kind {
            case .mqtt(let mqtt):
                routes[notifier.name] = .mqtt(topic: mqtt.topic.value)
            case .http(let http):
                func resolved(_ text: SettingText, _ what: String) throws(RuntimeRefusal) -> String {
                    guard let value = text.resolved else {
                        let names = text.missing.map { "'\($0)'" }.joined(separator: ", ")
                        throw RuntimeRefusal(
                            "notifier '\(notifier.name)': its \(what) needs the environment variable \(names), which is not set")
                    }
                    return value
                }
                var headers: [String] = []
                for header in http.headers {
                    headers.append(header.name.value + ": " + (try resolved(header.value.value, "header '\(header.name.value)'")))
                }
                let target = WebhookTarget(
                    url: try resolved(http.url.value, "url"), method: http.method?.value.rawValue ?? "POST",
                    headers: headers, timeout: http.timeout?.value ?? 10_000)
                routes[notifier.name] = .webhook(target)
            }
        }
        return routes
    }

    private func index(_ program: Program) {
        decoders = []
        for input in program.inputs {
            guard case .mqtt(let filter) = input.source,
                let decoder = PayloadDecoder(type: program.signals[input.slot].type, json: input.json)
            else { continue }
            decoders.append((input.slot, filter.value, decoder))
        }
        outputIndex = [:]
        for (index, output) in program.outputs.enumerated() { outputIndex[output.slot] = index }
    }

    /// Subscribes to every input's filter not subscribed yet (a filter a reloaded set dropped stays subscribed;
    /// its messages match no input).
    private func subscribeInputs() {
        for input in decoders where !subscribed.contains(input.filter) {
            do throws(BrokerError) {
                try broker.subscribe(input.filter, qos: 1)
                subscribed.insert(input.filter)
            } catch {
                log.event("error", "cannot subscribe to '\(input.filter)': \(error)", at: now(),
                          fields: [("filter", input.filter), ("reason", "\(error)")])
            }
        }
    }

    // MARK: Events

    /// The engine's instant for what happens now: the wall clock, never before what the engine already saw.
    private func now() -> Int64 { max(loop.clock.wallMilliseconds(), engine.now) }

    private func brokerEvent(_ event: BrokerEvent) {
        switch event {
        case .message(let topic, let payload):
            message(topic: topic, payload: payload)
        case .delivered(let id):
            courier?.acknowledged(id)
        case .connected:
            log.event("connected", "connected to \(broker.settings.address)", at: now(),
                      fields: [("broker", broker.settings.address)])
            courier?.pump()
        case .disconnected(let error, let retryIn):
            log.event("disconnected", "broker: \(error); retrying in \(DurationText.format(retryIn))", at: now(),
                      fields: [("reason", "\(error)"), ("retry_in", DurationText.format(retryIn))])
        case .stopped:
            finish()
        }
    }

    /// One message: decoded for every matching input in declaration order, the values applied together.
    private func message(topic: String, payload: [UInt8]) {
        guard !stopping else { return }
        let t = now()
        var updates: [(slot: Int, value: Value)] = []
        for input in decoders where Self.matches(input.filter, topic) {
            switch input.decoder.decode(payload) {
            case .success(let value):
                updates.append((input.slot, value))
            case .failure(let failure):
                decodeFailures += 1
                let name = program.signals[input.slot].name
                switch log.format {
                case .text:
                    log.event("decode_failure", "decode failure for \(name) on \(topic): \(failure) "
                              + "(\(decodeFailures) so far)", at: t)
                case .json:
                    log.raw(traceWriter.line(TraceEvent(at: t, .decodeFailure(slot: input.slot, reason: failure.message))))
                }
            }
        }
        guard !updates.isEmpty else { return }
        carry(engine.update(updates, at: t), at: t)
        settle(upTo: t)
    }

    private static func matches(_ filter: String, _ topic: String) -> Bool {
        var result = false
        return mosquitto_topic_matches_sub(filter, topic, &result) == MOSQ_ERR_SUCCESS.rawValue && result
    }

    private func deadlineArrived() {
        guard !stopping else { return }
        settle(upTo: now())
    }

    /// Runs the engine's timers due up to `t`, one deadline at a time (each effect at its own instant), then
    /// arms the loop's timer for the next.
    private func settle(upTo t: Int64) {
        while let deadline = engine.nextDeadline, deadline <= t {
            carry(engine.advance(to: deadline), at: deadline)
        }
        armEngineTimer()
        keep()
    }

    // MARK: Kept state

    /// Saves the engine's snapshot when it changed since the last save (after every batch, and at a stop).
    private func keep() {
        guard let store else { return }
        do throws(SystemError) {
            try store.save(engine.snapshot())
        } catch {
            log.event("error", "cannot keep the state in '\(store.path)': \(error)", at: now(),
                      fields: [("path", store.path), ("reason", "\(error)")])
        }
    }

    private func logLoaded(at t: Int64) {
        guard let store else { return }
        switch loaded {
        case .nothing:
            break
        case .restored(let s):
            var parts: [String] = []
            func count(_ n: Int, _ one: String, _ many: String) { if n > 0 { parts.append("\(n) \(n == 1 ? one : many)") } }
            count(s.states.count, "state value", "state values")
            count(s.active.count, "active rule", "active rules")
            count(s.forClocks.count, "for clock", "for clocks")
            count(s.runs.count, "pending run", "pending runs")
            count(s.pulses.count, "pulse", "pulses")
            count(s.changeLimits.count, "min_interval clock", "min_interval clocks")
            count(s.written.count, "written output", "written outputs")
            let what = parts.isEmpty ? "nothing to restore" : parts.joined(separator: ", ")
            log.event("restored", "restored the kept state from \(store.path), saved \(DurationText.format(max(t - s.taken, 0))) ago: \(what)",
                      at: t, fields: [("path", store.path), ("taken", "\(s.taken)"), ("restored", what)])
        case .unreadable(let reason, let aside):
            let moved = aside.map { "it was set aside as \($0)" } ?? "it could not be set aside"
            log.event("state_unreadable", "the kept state in \(store.path) is unreadable (\(reason)); \(moved); "
                      + "starting from the rule set's defaults", at: t,
                      fields: [("path", store.path), ("reason", reason), ("set_aside", aside ?? "")])
        }
        loaded = .nothing
    }

    /// What the engine dropped from a snapshot because it no longer fits the rule set.
    private func logDropped(at t: Int64) {
        let dropped = engine.droppedOnRestore
        guard !dropped.isEmpty else { return }
        log.event("restore_dropped", "dropped from the kept state (no longer in the rules or no longer fitting): "
                  + dropped.joined(separator: ", "), at: t, fields: [("dropped", dropped.joined(separator: ", "))])
    }

    /// Points the loop's timer at the engine's next deadline: the same distance ahead on the monotonic clock.
    private func armEngineTimer() {
        guard !stopping, let deadline = engine.nextDeadline else {
            engineTimer.disarm()
            return
        }
        let wall = loop.clock.wallMilliseconds()
        // Far deadlines are looked at again within a day, so a long wait never overflows or drifts far.
        let distance = min(max(deadline - wall, 0), 86_400_000)
        engineTimer.arm(at: loop.clock.monotonicMilliseconds() + distance)
    }

    private func received(_ signal: ProcessSignal) {
        switch signal {
        case .terminate: stop(because: "SIGTERM")
        case .interrupt: stop(because: "SIGINT")
        case .hangUp: reloadRules()
        }
    }

    // MARK: Effects

    private func carry(_ effects: [Effect], at t: Int64) {
        if log.format == .json {
            for line in traceWriter.lines(effects, at: t) { log.raw(line) }
        }
        // A drive is credited to a rule only when one rule acted in this batch: with more, the arbitration
        // between their holds decided it, and naming one of them could mislead.
        var acting: Set<Int> = []
        for effect in effects {
            guard case .trace(let event) = effect else { continue }
            switch event.kind {
            case .activated(let r), .released(let r), .fired(let r, _): acting.insert(r)
            default: break
            }
        }
        let rule = acting.count == 1 ? acting.first.map { program.rules[$0].name } : nil
        var at = t
        for effect in effects {
            switch effect {
            case .trace(let event):
                at = event.at
                switch event.kind {
                case .activated(let r):
                    if log.format == .text { log.event("activated", "rule \(program.rules[r].name) activated", at: at) }
                case .released(let r):
                    if log.format == .text { log.event("released", "rule \(program.rules[r].name) released", at: at) }
                case .waiting(let r, let until):
                    if log.format == .text {
                        log.event("waiting", "rule \(program.rules[r].name) waiting until "
                                  + ValueText.format(.instant(until), utcOffset: zone.offset(at: until)), at: at)
                    }
                case .late(_, let by):
                    if log.format == .text {
                        log.event("late", "a deadline that passed while stopped runs \(DurationText.format(by)) late",
                                  at: at)
                    }
                case .start, .fired, .update, .timer, .cancelled, .dropped, .queued, .set, .edge, .decodeFailure:
                    break
                }
            case .drive(let slot, let value):
                drive(slot, to: value, because: Self.because(rule), at: at)
            case .publish(let topic, let payload, let qos, let retain):
                if log.format == .text {
                    log.event("publish", "publish \(topic) \(payload)\(Self.because(rule))\(dryRun ? " [dry run]" : "")",
                              at: at)
                }
                if !dryRun { send(topic, Array(payload.utf8), qos: qos, retain: retain, at: at) }
            case .notify(let notification):
                notify(notification, at: at)
            case .log(let r, let message):
                if log.format == .text { log.event("log", r.isEmpty ? message : "log \(r): \(message)", at: at) }
            }
        }
    }

    /// ` (rule hot)`: what caused an effect, for the readable log.
    private static func because(_ rule: String?) -> String { rule.map { " (rule \($0))" } ?? "" }

    /// Drives an output: an MQTT output publishes its payload; a GPIO output is where the GPIO driver goes (only a
    /// dry run gets here with one).
    private func drive(_ slot: Int, to value: Value, because cause: String, at t: Int64) {
        guard let index = outputIndex[slot] else { return }
        let output = program.outputs[index]
        let name = program.signals[slot].name
        if log.format == .text {
            let shown = ValueText.format(value, utcOffset: zone.offset(at: t))
            log.event("drive", "drive \(name) \(shown)\(cause)\(dryRun ? " [dry run]" : "")", at: t)
        }
        guard !dryRun else { return }
        switch output.target {
        case .mqtt(let topic):
            send(topic.value, Array(payload(output, value).utf8), qos: output.qos, retain: output.retain, at: t)
        case .gpio:
            break  // refused at start-up without a dry run
        }
    }

    /// The output's `payload:` template with `value` in scope, else the value as text (SPEC "Payloads").
    private func payload(_ output: Program.Output, _ value: Value) -> String {
        guard let template = output.payload else { return PayloadEncoder.text(value) }
        return evaluator.render(template, in: OutputPayloadContext(engine: engine, driven: value))
    }

    private func send(_ topic: String, _ payload: [UInt8], qos: Int, retain: Bool, at t: Int64) {
        do throws(BrokerError) {
            try broker.publish(topic: topic, payload: payload, qos: qos, retain: retain)
        } catch {
            log.event("error", "cannot publish to '\(topic)': \(error)", at: t,
                      fields: [("topic", topic), ("reason", "\(error)")])
        }
    }

    private func notify(_ notification: Notification, at t: Int64) {
        let notifier = program.notifiers[notification.notifier].name
        if log.format == .text {
            log.event("notify", "notify \(notifier): \(notification.message)"
                      + "\(Self.because(notification.rule.isEmpty ? nil : notification.rule))\(dryRun ? " [dry run]" : "")",
                      at: t)
        }
        guard let courier else { return }
        do throws(OutboxError) {
            try courier.notify(notification, notifier: notifier, time: t, utcOffset: zone.offset(at: t))
        } catch {
            log.event("error", "notification for '\(notifier)' not stored: \(error)", at: t,
                      fields: [("notifier", notifier), ("reason", "\(error)")])
        }
    }

    private func courierReport(_ report: NotificationCourier.Report) {
        let t = now()
        switch report {
        case .delivered(let id, let notifier):
            log.event("delivered", "notification \(id) delivered to \(notifier)", at: t,
                      fields: [("id", id), ("notifier", notifier)])
        case .retrying(let entry, let delay, let reason):
            log.event("retrying", "notification \(entry.id) to \(entry.notifier): \(reason); retrying in "
                      + DurationText.format(delay), at: t,
                      fields: [("id", entry.id), ("notifier", entry.notifier), ("reason", reason)])
        case .deadLetter(let entry, let reason):
            log.event("dead_letter", "notification \(entry.id) to \(entry.notifier) refused: \(reason); set aside",
                      at: t, fields: [("id", entry.id), ("notifier", entry.notifier), ("reason", reason)])
        case .failed(let error):
            log.event("error", "outbox: \(error)", at: t, fields: [("reason", "\(error)")])
        }
    }

    // MARK: Reload and stop

    private func reloadRules() {
        guard let reload, !stopping else { return }
        let t = now()
        switch reload() {
        case .failure(let refusal):
            log.event("reload_failed", "reload failed; the running rules stay:\n\(refusal.message)", at: t,
                      fields: [("reason", refusal.message)])
        case .success(let next):
            if !dryRun, !Self.gpioSignals(next).isEmpty {
                let names = Self.gpioSignals(next).joined(separator: ", ")
                log.event("reload_failed", "reload refused: the new rules use GPIO lines (\(names)); the running rules stay",
                          at: t, fields: [("reason", "GPIO lines: \(names)")])
                return
            }
            // The new engine goes on from the running one's snapshot: what still fits the new rules carries over.
            let kept = engine.snapshot()
            program = next
            engine = Engine(program: next, start: t, zone: zone, restoring: kept)
            engine.tracing = true
            traceWriter = TraceWriter(program: next, zone: zone, start: t)
            index(next)
            subscribeInputs()
            log.event("reloaded", "reloaded the rules (\(next.rules.count) \(next.rules.count == 1 ? "rule" : "rules"))", at: t)
            carry(engine.start(), at: t)
            logDropped(at: t)
            settle(upTo: t)
        }
    }

    /// Stops taking input, drives every output with a `safe` value to it, then ends the broker session cleanly
    /// (`offline` on the status topic); gives up on the broker after `stopGrace`.
    private func stop(because reason: String) {
        guard !stopping else { return }
        keep()
        stopping = true
        engineTimer.disarm()
        let t = now()
        log.event("stopping", "stopping (\(reason))", at: t, fields: [("reason", reason)])
        for output in program.outputs {
            guard let safe = output.safe else { continue }
            if log.format == .json {
                let name = program.signals[output.slot].name
                log.event("safe", "", at: t,
                          fields: [("output", name), ("value", ValueText.format(safe, utcOffset: zone.offset(at: t)))])
            }
            drive(output.slot, to: safe, because: " (safe value)", at: t)
        }
        stopTimer.arm(after: Self.stopGrace)
        broker.stop()
    }

    private func finish() {
        stopTimer.disarm()
        loop.stop()
    }
}

/// Why `reflex run` cannot run a rule set (or a reload is refused): a message for the person running it.
package struct RuntimeRefusal: Error, CustomStringConvertible, Sendable {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
