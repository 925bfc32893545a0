import ReflexConfig
import ReflexCore

/// Checks a decoded scenario against the compiled rule set: names, signal kinds, value types and MQTT topics;
/// types every literal it can.
struct ScenarioBinding {
    let program: Program
    private(set) var diagnostics: [Diagnostic] = []
    private let slots: [String: Int]
    private let gpioSlots: Set<Int>
    private let filters: [String]
    private let notifiers: [String]

    init(program: Program) {
        self.program = program
        var slots: [String: Int] = [:]
        for (i, s) in program.signals.enumerated() { slots[s.name] = i }
        self.slots = slots
        var gpio = Set<Int>()
        var filters: [String] = []
        for input in program.inputs {
            switch input.source {
            case .gpio: gpio.insert(input.slot)
            case .mqtt(let filter): filters.append(filter.value)
            }
        }
        gpioSlots = gpio
        self.filters = filters
        notifiers = program.notifiers.map(\.name)
    }

    mutating func bind(_ draft: inout ScenarioDraft) {
        for i in draft.initial.indices { typed(&draft.initial[i], .initial) }
        for i in draft.models.indices { model(&draft.models[i]) }
        for i in draft.steps.indices {
            switch draft.steps[i].action {
            case .set(var values):
                for j in values.indices { typed(&values[j], .set) }
                draft.steps[i].action = .set(values)
            case .expect(var values):
                for j in values.indices { typed(&values[j], .expect) }
                draft.steps[i].action = .expect(values)
            case .gpio(let edges):
                for edge in edges { _ = signal(edge.input, .gpio) }
            case .mqtt(let topic, _):
                self.topic(topic)
            }
        }
        for i in draft.expectations.indices {
            switch draft.expectations[i].kind {
            case .notify(let n):
                notifier(n.notifier)
            case .never(var value):
                typed(&value, .expect)
                draft.expectations[i].kind = .never(value)
            case .count(let c):
                switch c.subject {
                case .notify(let name): notifier(name)
                case .changes(let name): _ = signal(name, .changes)
                }
            }
        }
    }

    // MARK: Names

    /// The signal named, if it exists and may be named in this role; an error otherwise.
    mutating func signal(_ name: Located<String>, _ role: SignalRole) -> Program.Signal? {
        if let slot = slots[name.value] {
            let s = program.signals[slot]
            if role.allows(s.kind, gpio: gpioSlots.contains(slot)) { return s }
            error("'\(name.value)' is \(describe(slot)); \(role.rule)", at: name.range)
            return nil
        }
        let candidates = program.signals.indices.filter {
            role.allows(program.signals[$0].kind, gpio: gpioSlots.contains($0))
        }.map { program.signals[$0].name }
        error("unknown \(role.noun) '\(NodeReader.clip(name.value))'\(Suggestion.didYouMean(name.value, in: candidates))",
              at: name.range)
        return nil
    }

    mutating func notifier(_ name: Located<String>) {
        guard !notifiers.contains(name.value) else { return }
        error("unknown notifier '\(NodeReader.clip(name.value))'\(Suggestion.didYouMean(name.value, in: notifiers))",
              at: name.range)
    }

    mutating func topic(_ topic: Located<String>) {
        if filters.contains(where: { TopicFilter.matches(filter: $0, topic: topic.value) }) { return }
        if filters.isEmpty {
            error("no mqtt input listens on '\(NodeReader.clip(topic.value))'; this rule set has no mqtt inputs", at: topic.range)
            return
        }
        let hint = Suggestion.didYouMean(topic.value, in: filters.filter { !TopicFilter.isWildcard($0) })
        error("no mqtt input listens on '\(NodeReader.clip(topic.value))'\(hint)", at: topic.range)
    }

    // MARK: Values

    /// Checks the name and types the literal as the signal.
    mutating func typed(_ value: inout SignalValue, _ role: SignalRole) {
        guard let s = signal(value.name, role) else { return }
        value.value = convert(value.literal, to: s)
    }

    mutating func convert(_ literal: Located<Literal>, to s: Program.Signal) -> Value? {
        if let v = LiteralValue.convert(literal.value, to: s.type) { return v }
        let slot = slots[s.name] ?? 0
        let found: String
        let unquoted = Literal(literal.value.text, quoted: false)
        if literal.value.quoted, LiteralValue.convert(unquoted, to: s.type) != nil {
            found = "the quoted string '\(NodeReader.clip(literal.value.text))'; write it without quotes"
        } else {
            found = "'\(NodeReader.clip(literal.value.text))'"
        }
        error("value of \(kindName(slot)) '\(s.name)' must be \(ScenarioLiteral.withArticle(s.type)), found \(found)",
              at: literal.range)
        return nil
    }

    // MARK: Models

    mutating func model(_ model: inout PlantModel) {
        guard let s = signal(model.input, .model) else {
            if case .firstOrder(let f) = model.kind { for g in f.gains { _ = signal(g.output, .gain) } }
            return
        }
        switch model.kind {
        case .firstOrder(let f):
            numeric(model, s)
            for g in f.gains {
                guard let out = signal(g.output, .gain) else { continue }
                if out.type != .bool && out.type != .number {
                    error("a gain needs a bool or number output; '\(out.name)' is a \(out.type)", at: g.output.range)
                }
            }
        case .square(var sq):
            sq.low.value = convert(sq.low.literal, to: s)
            sq.high.value = convert(sq.high.literal, to: s)
            model.kind = .square(sq)
        case .sine, .ramp, .randomWalk:
            numeric(model, s)
        }
    }

    private mutating func numeric(_ model: PlantModel, _ s: Program.Signal) {
        if s.type != .number {
            error("a \(model.kind.keyword) model drives a number input; '\(s.name)' is a \(s.type)",
                  at: model.input.range)
        }
    }

    // MARK: Wording

    private func kindName(_ slot: Int) -> String {
        switch program.signals[slot].kind {
        case .input: gpioSlots.contains(slot) ? "gpio input" : "mqtt input"
        case .output: "output"
        case .state: "state"
        case .variable: "var"
        }
    }

    private func describe(_ slot: Int) -> String {
        let name = kindName(slot)
        let vowelSound = name.hasPrefix("mqtt") || name.first.map { "aeiou".contains($0) } == true
        return (vowelSound ? "an " : "a ") + name
    }

    private mutating func error(_ message: String, at range: SourceRange) {
        diagnostics.append(.error(message, at: range))
    }
}
