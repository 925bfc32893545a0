import ReflexCore

extension RuleFileDecoder {
    static let levelKeys = ["when", "for", "until", "hold", "priority"]
    static let eventKeys = ["on", "if", "mode"]
    static let ruleKeys = ["name"] + levelKeys + eventKeys + ["then", "else"]
    static let actionKeys = ["set", "toggle", "pulse", "notify", "publish", "delay", "log", "if"]

    mutating func rules(_ node: YAMLNode) -> [RuleDecl] {
        if node.isNull { return [] }
        guard let items = reader.list(node, "'rules' (each rule starts with '- name:')") else { return [] }
        return items.compactMap { rule($0) }
    }

    mutating func rule(_ node: YAMLNode) -> RuleDecl? {
        guard let pairs = reader.mapping(node, "a rule (name, when or on, then ...)") else { return nil }
        func value(_ key: String) -> YAMLPair? { pairs.first { $0.key.scalar?.value == key } }
        guard let namePair = value("name") else {
            reader.checkKeys(pairs, allowed: Self.ruleKeys, in: "a rule")
            reader.error("a rule needs a 'name'", at: node.range)
            return nil
        }
        guard let name = reader.name(namePair.value, "rule name", allowDash: true) else { return nil }
        let what = "rule '\(name.value)'"
        let allKeysKnown = !reader.checkKeys(pairs, allowed: Self.ruleKeys, in: what)

        let whenPair = value("when")
        let onPair = value("on")
        let trigger: RuleTrigger
        if let whenPair, let onPair {
            let later = whenPair.key.range.start < onPair.key.range.start ? onPair : whenPair
            reader.error("\(what) has both 'when' (a level rule) and 'on' (an event rule); give one",
                         at: later.key.range)
            return nil
        } else if let whenPair {
            for key in Self.eventKeys where key != "on" {
                if let p = value(key) {
                    let hint = key == "if" ? "; join it into 'when' with 'and'" : ""
                    reader.error("'\(key)' belongs to event rules ('on:'); \(what) is a level rule ('when:')\(hint)",
                                 at: p.key.range)
                }
            }
            guard let when = reader.sourceText(whenPair.value, "a condition") else { return nil }
            var level = LevelTrigger(when: when)
            if let p = value("for") { level.forDuration = reader.duration(p.value, "'for'") }
            if let p = value("until") { level.until = reader.sourceText(p.value, "a release condition") }
            trigger = .level(level)
        } else if let onPair {
            for key in Self.levelKeys where key != "when" {
                if let p = value(key) {
                    reader.error("'\(key)' belongs to level rules ('when:'); \(what) is an event rule ('on:')",
                                 at: p.key.range)
                }
            }
            var event = EventTrigger(triggers: triggers(onPair.value))
            if let p = value("if") { event.guardCondition = reader.sourceText(p.value, "a condition") }
            trigger = .event(event)
        } else {
            reader.error("\(what) needs 'when: CONDITION' (a level rule) or 'on: TRIGGER' (an event rule)",
                         at: namePair.key.range)
            return nil
        }

        let range = SourceRange(file: node.range.file, start: node.range.start, end: node.range.end)
        var rule = RuleDecl(name: name, range: range, trigger: trigger)
        if case .level = trigger {
            if let p = value("priority") { rule.priority = reader.integer(p.value, "'priority'", in: -1000...1000) }
            if let p = value("hold"), let holdPairs = reader.mapping(p.value, "'hold' ({ OUTPUT: VALUE })") {
                for h in holdPairs {
                    guard let target = reader.text(h.key, "an output name") else { continue }
                    if let v = reader.sourceText(h.value, "a value for '\(target.value)'") {
                        rule.holds.append(HoldDecl(output: target, value: v))
                    }
                }
            }
        } else if let p = value("mode") {
            rule.mode = reader.choice(p.value, "mode", RunMode.self)
        }
        if let p = value("then") { rule.then = actions(p.value, "'then'") }
        if let p = value("else") { rule.otherwise = actions(p.value, "'else'") }
        if allKeysKnown, case .level = trigger, rule.holds.isEmpty, rule.then.isEmpty, rule.otherwise.isEmpty, value("hold") == nil,
           value("then") == nil, value("else") == nil
        {
            reader.error("\(what) does nothing: give it 'hold', 'then' or 'else'", at: name.range)
        }
        if allKeysKnown, case .event = trigger, rule.then.isEmpty, rule.otherwise.isEmpty, value("then") == nil, value("else") == nil {
            reader.error("\(what) does nothing: give it 'then'", at: name.range)
        }
        return rule
    }

    /// `on:` — one trigger or a list of them.
    mutating func triggers(_ node: YAMLNode) -> [Located<TriggerSpec>] {
        var nodes: [YAMLNode] = [node]
        if case .sequence(let items) = node.kind {
            nodes = items
            if items.isEmpty { reader.error("'on' needs at least one trigger", at: node.range) }
        }
        return nodes.compactMap { trigger($0) }
    }

    mutating func trigger(_ node: YAMLNode) -> Located<TriggerSpec>? {
        let expected = "a trigger: SIGNAL.change, SIGNAL.rise, SIGNAL.fall, SIGNAL.update, every DURATION, at HH:MM or startup"
        guard let text = reader.text(node, expected) else { return nil }
        let t = text.value
        if t == "startup" { return Located(.startup, at: node.range) }
        if t.hasPrefix("every ") {
            let rest = String(t.dropFirst(6))
            let lead = rest.prefix(while: { $0 == " " }).count
            switch DurationText.parse(String(rest.dropFirst(lead))) {
            case .success(let ms):
                if ms == 0 {
                    reader.error("'every' needs a duration longer than 0s", at: node.range)
                    return nil
                }
                return Located(.every(ms), at: node.range)
            case .failure(let f):
                var offset = 6 + lead
                if case .unexpected(let o) = f { offset += o }
                if case .missingUnit(let o) = f { offset += o }
                if case .unitOrder(let o) = f { offset += o }
                reader.error("\(f.message) after 'every'", at: reader.range(in: node, from: offset, to: offset + 1))
                return nil
            }
        }
        if t.hasPrefix("at ") {
            let rest = String(t.dropFirst(3))
            let lead = rest.prefix(while: { $0 == " " }).count
            if let ms = TimeOfDayText.parse(String(rest.dropFirst(lead))) { return Located(.at(ms), at: node.range) }
            reader.error("expected a time of day such as 07:30 after 'at'",
                         at: reader.range(in: node, from: 3 + lead, to: t.unicodeScalars.count))
            return nil
        }
        let scalars = Array(t.unicodeScalars)
        if let dot = scalars.lastIndex(of: ".") {
            let name = String(String.UnicodeScalarView(scalars[..<dot]))
            let edgeText = String(String.UnicodeScalarView(scalars[(dot + 1)...]))
            guard let edge = SignalEdge(rawValue: edgeText) else {
                let hint = Suggestion.didYouMean(edgeText, in: SignalEdge.allCases.map(\.rawValue))
                reader.error("unknown event '.\(NodeReader.clip(edgeText))'; expected change, rise, fall or update\(hint)",
                             at: reader.range(in: node, from: dot + 1, to: scalars.count))
                return nil
            }
            let nameRange = reader.range(in: node, from: 0, to: dot)
            return Located(.signal(name: Located(name, at: nameRange), edge: edge), at: node.range)
        }
        let words = ["startup", "every", "at"]
        let hint = Suggestion.didYouMean(t, in: words)
        reader.error("expected \(expected)\(hint)", at: node.range)
        return nil
    }

    // MARK: Actions

    mutating func actions(_ node: YAMLNode, _ what: String, depth: Int = 0) -> [Action] {
        if node.isNull { return [] }
        guard let items = reader.list(node, "\(what) (a list of actions, each starting with '-')") else { return [] }
        return items.compactMap { action($0, depth: depth) }
    }

    mutating func action(_ node: YAMLNode, depth: Int) -> Action? {
        let shape = "an action such as '- set: { fan: on }'"
        guard let pairs = reader.mapping(node, shape) else { return nil }
        func value(_ key: String) -> YAMLPair? { pairs.first { $0.key.scalar?.value == key } }
        let kinds = pairs.filter { Self.actionKeys.contains($0.key.scalar?.value ?? "") }
        if kinds.isEmpty {
            reader.checkKeys(pairs, allowed: Self.actionKeys + ["message", "fields", "then", "else"], in: "an action")
            if !pairs.contains(where: { Suggestion.closest(to: $0.key.scalar?.value ?? "", in: Self.actionKeys) != nil }) {
                reader.error("expected \(shape): one of set, toggle, pulse, notify, publish, delay, log, if", at: node.range)
            }
            return nil
        }
        if kinds.count > 1 {
            reader.error("one action per list item: found '\(kinds[0].key.scalar?.value ?? "")' and "
                         + "'\(kinds[1].key.scalar?.value ?? "")'; start the second with its own '-'",
                         at: kinds[1].key.range)
            return nil
        }
        let key = kinds[0].key.scalar?.value ?? ""
        let v = kinds[0].value
        let companions: [String] = switch key {
        case "notify": ["message", "fields"]
        case "if": ["then", "else"]
        default: []
        }
        reader.checkKeys(pairs, allowed: [key] + companions, in: "a '\(key)' action")
        switch key {
        case "set":
            guard let sp = reader.mapping(v, "'set' ({ SIGNAL: VALUE, ... })") else { return nil }
            if sp.isEmpty { reader.error("'set' needs at least one SIGNAL: VALUE", at: v.range) }
            var assignments: [Assignment] = []
            for p in sp {
                guard let target = reader.text(p.key, "a signal name") else { continue }
                if let value = reader.sourceText(p.value, "a value for '\(target.value)'") {
                    assignments.append(Assignment(target: target, value: value))
                }
            }
            return Action(.set(assignments), at: node.range)
        case "toggle":
            guard let target = reader.text(v, "the name of a bool output or state") else { return nil }
            return Action(.toggle(target), at: node.range)
        case "pulse":
            guard let pp = reader.mapping(v, "'pulse' ({ OUTPUT: VALUE, for: DURATION })") else { return nil }
            let targets = pp.filter { $0.key.scalar?.value != "for" }
            guard let forPair = pp.first(where: { $0.key.scalar?.value == "for" }) else {
                reader.error("'pulse' needs 'for: DURATION' (how long before the value is restored)", at: v.range)
                return nil
            }
            guard targets.count == 1 else {
                reader.error(targets.isEmpty ? "'pulse' needs one OUTPUT: VALUE" : "'pulse' takes one OUTPUT: VALUE; use one pulse per output",
                             at: targets.count > 1 ? targets[1].key.range : v.range)
                return nil
            }
            guard let duration = reader.duration(forPair.value, "a pulse's 'for'", positive: true),
                  let target = reader.text(targets[0].key, "an output name"),
                  let value = reader.sourceText(targets[0].value, "a value for '\(targets[0].key.scalar?.value ?? "")'")
            else { return nil }
            return Action(.pulse(Assignment(target: target, value: value), duration: duration), at: node.range)
        case "notify":
            guard let notifier = reader.text(v, "a notifier name") else { return nil }
            var message: SourceText?
            var fields: [(name: Located<String>, value: SourceText)] = []
            if let p = value("message") { message = reader.sourceText(p.value, "a message template") }
            if let p = value("fields"), let fp = reader.mapping(p.value, "'fields' ({ NAME: TEMPLATE })") {
                for f in fp {
                    guard let n = reader.text(f.key, "a field name") else { continue }
                    if let t = reader.sourceText(f.value, "a template") { fields.append((n, t)) }
                }
            }
            if message == nil, value("message") == nil {
                reader.error("'notify' needs a 'message' (a template)", at: kinds[0].key.range)
            }
            return Action(.notify(notifier: notifier, message: message, fields: fields), at: node.range)
        case "publish":
            guard let pp = reader.mapping(v, "'publish' ({ topic, payload, qos, retain })") else { return nil }
            reader.checkKeys(pp, allowed: ["topic", "payload", "qos", "retain"], in: "'publish'")
            var topic: SourceText?
            var payload: SourceText?
            var qos: Located<Int>?
            var retain: Located<Bool>?
            for p in pp {
                switch p.key.scalar?.value ?? "" {
                case "topic": topic = reader.sourceText(p.value, "a topic template")
                case "payload": payload = reader.sourceText(p.value, "a payload template")
                case "qos": qos = reader.integer(p.value, "'qos'", in: 0...1)
                case "retain": retain = reader.bool(p.value, "'retain'")
                default: break
                }
            }
            if let t = topic, !t.text.contains("{{"), let f = TopicText.checkTopic(t.text) {
                reader.error(f.message, at: t.range(from: f.offset, to: f.offset + 1))
                return nil
            }
            guard let topic else {
                reader.error("'publish' needs a 'topic'", at: v.range)
                return nil
            }
            return Action(.publish(topic: topic, payload: payload ?? SourceText("", range: v.range), qos: qos,
                                   retain: retain), at: node.range)
        case "delay":
            guard let d = reader.duration(v, "'delay'") else { return nil }
            return Action(.delay(d), at: node.range)
        case "log":
            guard let t = reader.sourceText(v, "a log message template") else { return nil }
            return Action(.log(t), at: node.range)
        case "if":
            guard let condition = reader.sourceText(v, "a condition") else { return nil }
            if depth >= 16 {
                reader.error("'if' actions nest deeper than 16 levels", at: kinds[0].key.range)
                return nil
            }
            guard let thenPair = value("then") else {
                reader.error("'if' needs 'then:' (and optionally 'else:')", at: kinds[0].key.range)
                return nil
            }
            let thenActions = actions(thenPair.value, "'then'", depth: depth + 1)
            let elseActions = value("else").map { actions($0.value, "'else'", depth: depth + 1) } ?? []
            return Action(.branch(condition: condition, then: thenActions, else: elseActions), at: node.range)
        default:
            return nil
        }
    }
}
