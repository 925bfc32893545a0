import ReflexConfig
import ReflexCore

/// Decodes a scenario file's YAML tree, checking shapes, keys and every value that needs no rule set.
///
/// Names and value types are checked later against the compiled rule set (`ScenarioCheck`).
struct ScenarioDecoder {
    static let topLevelKeys = ["scenario", "rules", "start", "timezone", "duration", "initial", "models", "steps",
                               "expect"]
    static let stepActions = ["set", "mqtt", "gpio", "expect"]
    static let expectationKinds = ["notify", "never", "count"]

    var reader = NodeReader()
    let timezoneDirectory: String

    init(timezoneDirectory: String) {
        self.timezoneDirectory = timezoneDirectory
    }

    var diagnostics: [Diagnostic] { reader.diagnostics }

    mutating func decode(_ root: YAMLNode, file: String) -> ScenarioDraft {
        var draft = ScenarioDraft(file: file)
        guard let pairs = reader.mapping(root, "a scenario (keys such as rules, start, duration, steps)") else {
            return draft
        }
        reader.checkKeys(pairs, allowed: Self.topLevelKeys, in: "a scenario")
        var steps: YAMLNode?
        var expectations: YAMLNode?
        for pair in pairs {
            let v = pair.value
            switch pair.key.scalar?.value ?? "" {
            case "scenario":
                draft.name = reader.text(v, "a scenario name")
            case "rules":
                if let path = reader.text(v, "the path of a rule file or directory") {
                    if path.value.isEmpty {
                        reader.error("'rules' needs the path of a rule file or directory", at: v.range)
                    } else {
                        draft.rules = path
                        draft.rulesPath = ScenarioPath.resolve(path.value, from: file)
                    }
                }
            case "start":
                draft.start = start(v)
            case "timezone":
                draft.timezone = timezone(v)
            case "duration":
                draft.duration = reader.duration(v, "the scenario's duration", positive: true)
            case "initial":
                if !v.isNull { draft.initial = assignments(v, "'initial' (a signal and its value for each entry)") }
            case "models":
                draft.models = models(v)
            case "steps":
                steps = v
            case "expect":
                expectations = v
            default:
                break
            }
        }
        let written = Set(pairs.compactMap { $0.key.scalar?.value })
        let at = SourceRange(file: root.range.file, start: root.range.start, end: root.range.start)
        let required = [
            ("rules", "the rule file or directory to run, relative to this file"),
            ("start", "the virtual start, such as 2026-07-01T14:00:00"),
            ("duration", "how long the run lasts, such as 30m"),
        ]
        for (key, meaning) in required where !written.contains(key) {
            reader.error("a scenario needs '\(key)' (\(meaning))", at: at)
        }
        if draft.name == nil, !written.contains("scenario") {
            draft.name = Located(FileSystem.baseName(file), at: .file(file))
        }
        if let steps { draft.steps = self.steps(steps, duration: draft.duration) }
        if let expectations { draft.expectations = self.expectations(expectations, duration: draft.duration) }
        return draft
    }

    // MARK: Top level

    mutating func start(_ node: YAMLNode) -> Located<ScenarioStart>? {
        guard let text = reader.text(node, "a date and time such as 2026-07-01T14:00:00 for 'start'") else {
            return nil
        }
        switch ScenarioStart.parse(text.value) {
        case .success(let start):
            return Located(start, at: node.range)
        case .failure(let failure):
            reader.error("invalid start '\(NodeReader.clip(text.value))': \(failure.message)",
                         at: reader.range(in: node, from: failure.from, to: failure.to))
            return nil
        }
    }

    mutating func timezone(_ node: YAMLNode) -> Located<String>? {
        reader.timezone(node, directory: timezoneDirectory)
    }

    /// Signal names with literal values (`initial`, `set`, `expect`, `never`).
    mutating func assignments(_ node: YAMLNode, _ what: String) -> [SignalValue] {
        guard let pairs = reader.mapping(node, what) else { return [] }
        if pairs.isEmpty { reader.error("expected at least one signal in \(what)", at: node.range) }
        var out: [SignalValue] = []
        for pair in pairs {
            guard let name = reader.text(pair.key, "a signal name"),
                  let literal = reader.literal(pair.value, "a value for '\(NodeReader.clip(name.value))'")
            else { continue }
            out.append(SignalValue(name: name, literal: literal))
        }
        return out
    }

    // MARK: Steps

    mutating func steps(_ node: YAMLNode, duration: Located<Int64>?) -> [ScenarioStep] {
        if node.isNull { return [] }
        guard let items = reader.list(node, "'steps'") else { return [] }
        var out: [ScenarioStep] = []
        var latest: Located<Int64>?
        for item in items {
            guard let pairs = reader.mapping(item, "a step (at, then one of set, mqtt, gpio or expect)") else {
                continue
            }
            let allowed = ["at"] + Self.stepActions
            let unknown = reader.checkKeys(pairs, allowed: allowed, in: "a step")
            let at = pairs.first { $0.key.scalar?.value == "at" }.flatMap { reader.duration($0.value, "'at'") }
            if !pairs.contains(where: { $0.key.scalar?.value == "at" }) {
                reader.error("a step needs 'at' (its time after the start, such as 30s)", at: item.range)
            }
            let chosen = oneOf(pairs, Self.stepActions, in: "a step", at: item, quietIfMissing: unknown)
            let action = chosen.flatMap { stepAction($0) }
            guard let at else { continue }
            if let duration, at.value > duration.value {
                reader.error("step at \(DurationText.format(at.value)) is after the end of the run "
                             + "(duration \(DurationText.format(duration.value)))", at: at.range)
            }
            if let previous = latest, at.value < previous.value {
                reader.error("step at \(DurationText.format(at.value)) comes before the step above it (at "
                             + "\(DurationText.format(previous.value))); steps must be in time order",
                             at: at.range, notes: [.init("the step above is here", at: previous.range)])
            } else {
                latest = at
            }
            if let action { out.append(ScenarioStep(at: at, action: action, range: item.range)) }
        }
        return out
    }

    mutating func stepAction(_ pair: YAMLPair) -> ScenarioStep.Action? {
        let v = pair.value
        switch pair.key.scalar?.value ?? "" {
        case "set":
            let values = assignments(v, "'set' (an input and its new value for each entry)")
            return values.isEmpty ? nil : .set(values)
        case "expect":
            let values = assignments(v, "a step's 'expect' (a signal and its expected value for each entry)")
            return values.isEmpty ? nil : .expect(values)
        case "gpio":
            guard let pairs = reader.mapping(v, "'gpio' (an input and rise or fall for each entry)") else {
                return nil
            }
            if pairs.isEmpty { reader.error("expected at least one input in 'gpio'", at: v.range) }
            var edges: [(input: Located<String>, edge: Located<LineEdge>)] = []
            for pair in pairs {
                guard let name = reader.text(pair.key, "an input name"),
                      let edge = reader.choice(pair.value, "edge", LineEdge.self)
                else { continue }
                edges.append((name, edge))
            }
            return edges.isEmpty ? nil : .gpio(edges)
        case "mqtt":
            guard let fields = fields(v, "an mqtt step", allowed: ["topic", "payload"], required: ["topic", "payload"])
            else { return nil }
            let topic = fields["topic"].flatMap { topicName($0) }
            let payload = fields["payload"].flatMap { reader.text($0, "the payload as text") }
            guard let topic, let payload else { return nil }
            return .mqtt(topic: topic, payload: payload)
        default:
            return nil
        }
    }

    /// A topic a message is published to: not empty, no wildcards.
    mutating func topicName(_ node: YAMLNode) -> Located<String>? {
        guard let topic = reader.text(node, "a topic such as greenhouse/sensors/temp") else { return nil }
        if topic.value.isEmpty {
            reader.error("a topic cannot be empty", at: node.range)
            return nil
        }
        if let i = Array(topic.value.unicodeScalars).firstIndex(where: { $0 == "+" || $0 == "#" }) {
            let c = Array(topic.value.unicodeScalars)[i]
            reader.error("a message's topic cannot hold the wildcard '\(c)'; name the exact topic",
                         at: reader.range(in: node, from: i, to: i + 1))
            return nil
        }
        return topic
    }

    // MARK: Models

    mutating func models(_ node: YAMLNode) -> [PlantModel] {
        if node.isNull { return [] }
        guard let pairs = reader.mapping(node, "'models' (an input and its model for each entry)") else { return [] }
        var out: [PlantModel] = []
        for pair in pairs {
            guard let input = reader.text(pair.key, "an input name"),
                  let body = reader.mapping(pair.value, "the model of '\(NodeReader.clip(input.value))' "
                                            + "(first_order or signal)")
            else { continue }
            let unknown = reader.checkKeys(body, allowed: ["first_order", "signal"], in: "a model")
            guard let chosen = oneOf(body, ["first_order", "signal"], in: "a model", at: pair.value,
                                     quietIfMissing: unknown)
            else { continue }
            let kind: PlantModel.Kind?
            if chosen.key.scalar?.value == "first_order" {
                kind = firstOrder(chosen.value).map(PlantModel.Kind.firstOrder)
            } else {
                kind = signalModel(chosen.value, input: input)
            }
            if let kind { out.append(PlantModel(input: input, kind: kind, range: pair.value.range)) }
        }
        return out
    }

    mutating func firstOrder(_ node: YAMLNode) -> PlantModel.FirstOrder? {
        guard let f = fields(node, "a first_order model", allowed: ["initial", "ambient", "tau", "gain", "every"],
                             required: ["initial", "ambient", "tau"])
        else { return nil }
        let initial = f["initial"].flatMap { number($0, "'initial'") }
        let ambient = f["ambient"].flatMap { number($0, "'ambient'") }
        let tau = f["tau"].flatMap { reader.duration($0, "'tau'", positive: true) }
        let every = f["every"].flatMap { reader.duration($0, "'every'", positive: true) }
        var gains: [(output: Located<String>, gain: Located<Double>)] = []
        if let g = f["gain"], !g.isNull,
           let pairs = reader.mapping(g, "'gain' (an output and a number for each entry)")
        {
            for pair in pairs {
                guard let output = reader.text(pair.key, "an output name"),
                      let gain = number(pair.value, "the gain of '\(NodeReader.clip(output.value))'")
                else { continue }
                gains.append((output, gain))
            }
        }
        guard let initial, let ambient, let tau, f["every"] == nil || every != nil else { return nil }
        return PlantModel.FirstOrder(initial: initial, ambient: ambient, tau: tau, gains: gains, every: every)
    }

    mutating func signalModel(_ node: YAMLNode, input: Located<String>) -> PlantModel.Kind? {
        let kinds = ["square", "sine", "ramp", "random_walk"]
        guard let pairs = reader.mapping(node, "'signal' (one of square, sine, ramp or random_walk)") else {
            return nil
        }
        let unknown = reader.checkKeys(pairs, allowed: kinds, in: "a signal model")
        guard let chosen = oneOf(pairs, kinds, in: "a signal model", at: node, quietIfMissing: unknown) else {
            return nil
        }
        let v = chosen.value
        switch chosen.key.scalar?.value ?? "" {
        case "square":
            guard let f = fields(v, "a square signal", allowed: ["low", "high", "period", "duty"],
                                 required: ["low", "high", "period"])
            else { return nil }
            let low = f["low"].flatMap { reader.literal($0, "a value for 'low'") }
            let high = f["high"].flatMap { reader.literal($0, "a value for 'high'") }
            let period = f["period"].flatMap { reader.duration($0, "'period'", positive: true) }
            var duty: Located<Double>?
            if let d = f["duty"], let n = number(d, "'duty'") {
                if n.value > 0 && n.value < 1 {
                    duty = n
                } else {
                    reader.error("'duty' must be between 0 and 1 (the share of each period spent high), found "
                                 + "'\(NodeReader.clip(d.scalar?.value ?? ""))'", at: d.range)
                }
            }
            guard let low, let high, let period, f["duty"] == nil || duty != nil else { return nil }
            return .square(PlantModel.Square(low: SignalValue(name: input, literal: low),
                                             high: SignalValue(name: input, literal: high), period: period, duty: duty))
        case "sine":
            guard let f = fields(v, "a sine signal", allowed: ["offset", "amplitude", "period", "every"],
                                 required: ["offset", "amplitude", "period"])
            else { return nil }
            let offset = f["offset"].flatMap { number($0, "'offset'") }
            let amplitude = f["amplitude"].flatMap { number($0, "'amplitude'") }
            let period = f["period"].flatMap { reader.duration($0, "'period'", positive: true) }
            let every = f["every"].flatMap { reader.duration($0, "'every'", positive: true) }
            guard let offset, let amplitude, let period, f["every"] == nil || every != nil else { return nil }
            return .sine(PlantModel.Sine(offset: offset, amplitude: amplitude, period: period, every: every))
        case "ramp":
            guard let f = fields(v, "a ramp signal", allowed: ["from", "to", "over", "every"],
                                 required: ["from", "to", "over"])
            else { return nil }
            let from = f["from"].flatMap { number($0, "'from'") }
            let to = f["to"].flatMap { number($0, "'to'") }
            let over = f["over"].flatMap { reader.duration($0, "'over'", positive: true) }
            let every = f["every"].flatMap { reader.duration($0, "'every'", positive: true) }
            guard let from, let to, let over, f["every"] == nil || every != nil else { return nil }
            return .ramp(PlantModel.Ramp(from: from, to: to, over: over, every: every))
        default:
            return randomWalk(v)
        }
    }

    mutating func randomWalk(_ node: YAMLNode) -> PlantModel.Kind? {
        guard let f = fields(node, "a random_walk signal", allowed: ["start", "step", "every", "min", "max", "seed"],
                             required: ["start", "step", "every", "seed"])
        else { return nil }
        let start = f["start"].flatMap { number($0, "'start'") }
        var step = f["step"].flatMap { number($0, "'step'") }
        if let s = step, s.value <= 0 {
            reader.error("'step' must be greater than 0, found '\(NodeReader.clip(f["step"]?.scalar?.value ?? ""))'",
                         at: s.range)
            step = nil
        }
        let every = f["every"].flatMap { reader.duration($0, "'every'", positive: true) }
        let min = f["min"].flatMap { number($0, "'min'") }
        let max = f["max"].flatMap { number($0, "'max'") }
        let seed = f["seed"].flatMap { reader.integer($0, "'seed'", in: 0...Int.max) }
        var bounded = true
        if let min, let max, min.value >= max.value {
            reader.error("'min' must be less than 'max'", at: min.range, notes: [.init("'max' is here", at: max.range)])
            bounded = false
        } else if let start {
            if let min, start.value < min.value {
                reader.error("'start' is below 'min'", at: start.range, notes: [.init("'min' is here", at: min.range)])
                bounded = false
            }
            if let max, start.value > max.value {
                reader.error("'start' is above 'max'", at: start.range, notes: [.init("'max' is here", at: max.range)])
                bounded = false
            }
        }
        guard let start, let step, let every, let seed, bounded, f["min"] == nil || min != nil,
              f["max"] == nil || max != nil
        else { return nil }
        return .randomWalk(PlantModel.RandomWalk(start: start, step: step, every: every, min: min, max: max,
                                                 seed: seed))
    }

    // MARK: Expectations

    mutating func expectations(_ node: YAMLNode, duration: Located<Int64>?) -> [RunExpectation] {
        if node.isNull { return [] }
        guard let items = reader.list(node, "'expect' (a list of notify, never and count expectations)") else {
            return []
        }
        var out: [RunExpectation] = []
        for item in items {
            let allowed = Self.expectationKinds + ["between", "message"]
            guard let pairs = reader.mapping(item, "an expectation (notify, never or count)") else { continue }
            let unknown = reader.checkKeys(pairs, allowed: allowed, in: "an expectation")
            let chosen = oneOf(pairs, Self.expectationKinds, in: "an expectation", at: item, quietIfMissing: unknown)
            let kind = chosen?.key.scalar?.value
            if kind != nil, kind != "notify" {
                for pair in pairs {
                    guard let key = pair.key.scalar?.value, key == "between" || key == "message" else { continue }
                    reader.error("'\(key)' applies only to a 'notify' expectation", at: pair.key.range)
                }
            }
            guard let chosen else { continue }
            switch kind {
            case "notify":
                if let n = notify(chosen.value, pairs, duration: duration) {
                    out.append(RunExpectation(kind: .notify(n), range: item.range))
                }
            case "never":
                for value in assignments(chosen.value, "'never' (a signal and a value it must never have)") {
                    out.append(RunExpectation(kind: .never(value), range: item.range))
                }
            default:
                if let c = count(chosen.value) { out.append(RunExpectation(kind: .count(c), range: item.range)) }
            }
        }
        return out
    }

    mutating func notify(_ node: YAMLNode, _ pairs: [YAMLPair], duration: Located<Int64>?)
        -> RunExpectation.Notify?
    {
        let notifier = reader.text(node, "a notifier name")
        var ok = notifier != nil
        var between: (from: Located<Int64>, to: Located<Int64>)?
        var message: RunExpectation.MessageMatch?
        for pair in pairs {
            switch pair.key.scalar?.value ?? "" {
            case "between":
                between = self.between(pair.value, duration: duration)
                ok = ok && between != nil
            case "message":
                message = self.message(pair.value)
                ok = ok && message != nil
            default:
                break
            }
        }
        guard ok, let notifier else { return nil }
        return RunExpectation.Notify(notifier: notifier, between: between, message: message)
    }

    mutating func between(_ node: YAMLNode, duration: Located<Int64>?) -> (from: Located<Int64>, to: Located<Int64>)? {
        guard let items = reader.list(node, "'between' ([from, to], two durations after the start)") else {
            return nil
        }
        guard items.count == 2 else {
            reader.error("'between' takes two durations [from, to], found \(items.count)", at: node.range)
            return nil
        }
        let from = reader.duration(items[0], "the start of 'between'")
        let to = reader.duration(items[1], "the end of 'between'")
        guard let from, let to else { return nil }
        var ok = true
        if from.value > to.value {
            reader.error("'between' must go from the earlier time to the later one, found "
                         + "\(DurationText.format(from.value)) then \(DurationText.format(to.value))", at: node.range)
            ok = false
        }
        if let duration {
            for bound in [from, to] where bound.value > duration.value {
                reader.error("\(DurationText.format(bound.value)) is after the end of the run "
                             + "(duration \(DurationText.format(duration.value)))", at: bound.range)
                ok = false
            }
        }
        return ok ? (from, to) : nil
    }

    mutating func message(_ node: YAMLNode) -> RunExpectation.MessageMatch? {
        let keys = ["equals", "contains", "matches"]
        guard let pairs = reader.mapping(node, "'message' (one of equals, contains or matches)") else { return nil }
        let unknown = reader.checkKeys(pairs, allowed: keys, in: "'message'")
        guard let chosen = oneOf(pairs, keys, in: "'message'", at: node, quietIfMissing: unknown),
              let text = reader.text(chosen.value, "the text to compare the message with")
        else { return nil }
        switch chosen.key.scalar?.value ?? "" {
        case "equals":
            return .equals(text)
        case "contains":
            return .contains(text)
        default:
            do {
                _ = try Regex(text.value)
            } catch {
                reader.error("invalid regular expression '\(NodeReader.clip(text.value))': \(error)",
                             at: chosen.value.range)
                return nil
            }
            return .matches(text)
        }
    }

    mutating func count(_ node: YAMLNode) -> RunExpectation.Count? {
        let subjects = ["notify", "changes"]
        let comparisons = RunExpectation.Comparison.allCases.map(\.rawValue)
        guard let pairs = reader.mapping(node, "'count' (notify or changes, then equals, at_least or at_most)") else {
            return nil
        }
        let unknown = reader.checkKeys(pairs, allowed: subjects + comparisons, in: "'count'")
        let subject = oneOf(pairs, subjects, in: "'count'", at: node, quietIfMissing: unknown)
        let comparison = oneOf(pairs, comparisons, in: "'count'", at: node, quietIfMissing: unknown)
        var counted: RunExpectation.CountSubject?
        if let subject {
            if subject.key.scalar?.value == "notify" {
                counted = reader.text(subject.value, "a notifier name").map(RunExpectation.CountSubject.notify)
            } else {
                counted = reader.text(subject.value, "an output name").map(RunExpectation.CountSubject.changes)
            }
        }
        guard let comparison, let kind = RunExpectation.Comparison(rawValue: comparison.key.scalar?.value ?? ""),
              let n = reader.integer(comparison.value, "the count", in: 0...Int.max), let counted
        else { return nil }
        return RunExpectation.Count(subject: counted, comparison: Located(kind, at: comparison.key.range), count: n)
    }

    // MARK: Shapes

    /// The one pair of `pairs` whose key is in `keys`; an error when there are several, or none (unless quiet).
    mutating func oneOf(_ pairs: [YAMLPair], _ keys: [String], in what: String, at node: YAMLNode,
                        quietIfMissing: Bool) -> YAMLPair?
    {
        let found = pairs.filter { keys.contains($0.key.scalar?.value ?? "") }
        let list = Self.orList(keys)
        guard let first = found.first else {
            if !quietIfMissing { reader.error("\(what) needs one of \(list)", at: node.range) }
            return nil
        }
        for extra in found.dropFirst() {
            reader.error("\(what) takes one of \(list), found both '\(first.key.scalar?.value ?? "")' and "
                         + "'\(extra.key.scalar?.value ?? "")'", at: extra.key.range)
        }
        return found.count == 1 ? first : nil
    }

    /// A mapping with a fixed set of keys: unknown keys and missing required ones reported, values by key.
    mutating func fields(_ node: YAMLNode, _ what: String, allowed: [String], required: [String])
        -> [String: YAMLNode]?
    {
        guard let pairs = reader.mapping(node, what) else { return nil }
        reader.checkKeys(pairs, allowed: allowed, in: what)
        var out: [String: YAMLNode] = [:]
        for pair in pairs {
            if let key = pair.key.scalar?.value, allowed.contains(key) { out[key] = pair.value }
        }
        let missing = required.filter { out[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { "'\($0)'" }
            let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
            reader.error("\(what) needs \(list)", at: node.range)
        }
        return out
    }

    mutating func number(_ node: YAMLNode, _ what: String) -> Located<Double>? {
        guard let s = node.scalar, !node.isNull else {
            reader.error("expected a number for \(what), found \(node.kindDescription)", at: node.range)
            return nil
        }
        guard s.style == .plain, let v = LiteralValue.number(s.value) else {
            reader.error("expected a number for \(what), found '\(NodeReader.clip(s.value))'", at: node.range)
            return nil
        }
        return Located(v, at: node.range)
    }

    /// "a, b or c".
    static func orList(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}
