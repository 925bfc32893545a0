import ReflexCore

/// Decodes one rule file's YAML tree into the declarations it holds, checking shapes, keys and scalar values.
///
/// Names, types and expressions are left to the compiler; this layer knows YAML and the file format.
struct RuleFileDecoder {
    /// What one file contributes to a rule set.
    struct Contents {
        var version: Located<Int>?
        var site: Located<String>?
        var timezone: Located<String>?
        var mqtt: MQTTSettings?
        var inputs: [InputDecl] = []
        var outputs: [OutputDecl] = []
        var states: [StateDecl] = []
        var vars: [VarDecl] = []
        var notifiers: [NotifierDecl] = []
        var rules: [RuleDecl] = []
        var failedNames: Set<String> = []
    }

    static let topLevelKeys = ["reflex", "site", "timezone", "mqtt", "inputs", "outputs", "state", "vars",
                               "notifiers", "rules"]

    var reader = NodeReader()
    let environment: [String: String]
    let timezoneDirectory: String

    init(environment: [String: String], timezoneDirectory: String = "/usr/share/zoneinfo") {
        self.environment = environment
        self.timezoneDirectory = timezoneDirectory
    }

    var diagnostics: [Diagnostic] { reader.diagnostics }

    mutating func decode(_ root: YAMLNode) -> Contents {
        var out = Contents()
        guard let pairs = reader.mapping(root, "a rule file (keys such as reflex, inputs, rules)") else { return out }
        reader.checkKeys(pairs, allowed: Self.topLevelKeys, in: "a rule file")
        for pair in pairs {
            let v = pair.value
            switch pair.key.scalar?.value ?? "" {
            case "reflex":
                guard let n = reader.integer(v, "the format version 'reflex'", in: 0...Int.max) else { continue }
                if n.value != ReflexVersion.format {
                    reader.error("unsupported format version \(n.value); this reflex reads version \(ReflexVersion.format)",
                                 at: v.range)
                }
                out.version = n
            case "site":
                out.site = reader.name(v, "site", allowDash: true)
            case "timezone":
                out.timezone = timezone(v)
            case "mqtt":
                out.mqtt = mqtt(v)
            case "inputs":
                for (name, body, range) in section(v, "inputs", &out.failedNames) {
                    if let d = declaration(name, &out.failedNames, { $0.input(name, body, range) }) { out.inputs.append(d) }
                }
            case "outputs":
                for (name, body, range) in section(v, "outputs", &out.failedNames) {
                    if let d = declaration(name, &out.failedNames, { $0.output(name, body, range) }) { out.outputs.append(d) }
                }
            case "state":
                for (name, body, range) in section(v, "state", &out.failedNames) {
                    if let d = declaration(name, &out.failedNames, { $0.state(name, body, range) }) { out.states.append(d) }
                }
            case "vars":
                for (name, body, _) in section(v, "vars", &out.failedNames) {
                    let e = declaration(name, &out.failedNames) {
                        $0.reader.sourceText(body, "an expression for var '\(name.value)'")
                    }
                    if let e { out.vars.append(VarDecl(name: name, expression: e)) }
                }
            case "notifiers":
                for (name, body, range) in section(v, "notifiers", &out.failedNames) {
                    if let d = declaration(name, &out.failedNames, { $0.notifier(name, body, range) }) {
                        out.notifiers.append(d)
                    }
                }
            case "rules":
                out.rules = rules(v)
            default:
                // A misspelled section: its entries are not declared, so references to them stay quiet.
                if case .mapping(let entries) = v.kind {
                    for entry in entries { if let name = entry.key.scalar?.value { out.failedNames.insert(name) } }
                }
            }
        }
        if out.version == nil, !pairs.contains(where: { $0.key.scalar?.value == "reflex" }) {
            reader.error("a rule file must start with 'reflex: 1' (the format version)",
                         at: SourceRange(file: root.range.file, start: root.range.start, end: root.range.start))
        }
        return out
    }

    /// Decodes one declaration; one with any error is left out and its name remembered as failed.
    mutating func declaration<T>(_ name: Located<String>, _ failed: inout Set<String>,
                                 _ decode: (inout RuleFileDecoder) -> T?) -> T?
    {
        let before = reader.diagnostics.count
        let result = decode(&self)
        if result == nil || reader.diagnostics[before...].contains(where: { $0.severity == .error }) {
            failed.insert(name.value)
            return nil
        }
        return result
    }

    /// The named entries of a section mapping (`inputs:`, `outputs:` ...), names checked; entries whose
    /// name is not valid are left out and their names remembered as failed.
    mutating func section(_ node: YAMLNode, _ what: String, _ failed: inout Set<String>)
        -> [(Located<String>, YAMLNode, SourceRange)]
    {
        if node.isNull { return [] }
        guard let pairs = reader.mapping(node, "'\(what)' (a name for each entry)") else { return [] }
        var out: [(Located<String>, YAMLNode, SourceRange)] = []
        let kind = what == "notifiers" ? "notifier name" : what == "vars" ? "var name" : "signal name"
        for pair in pairs {
            guard let name = reader.name(pair.key, kind) else {
                if let raw = pair.key.scalar?.value { failed.insert(raw) }
                continue
            }
            let range = SourceRange(file: pair.key.range.file, start: pair.key.range.start, end: pair.value.range.end)
            out.append((name, pair.value, range))
        }
        return out
    }

    // MARK: Top level

    mutating func timezone(_ node: YAMLNode) -> Located<String>? {
        reader.timezone(node, directory: timezoneDirectory)
    }

    mutating func mqtt(_ node: YAMLNode) -> MQTTSettings? {
        guard let pairs = reader.mapping(node, "'mqtt'") else { return nil }
        reader.checkKeys(pairs, allowed: ["broker", "client_id", "username", "password", "password_file", "tls",
                                          "keepalive", "status_topic"], in: "'mqtt'")
        var m = MQTTSettings(range: node.range)
        for pair in pairs {
            let v = pair.value
            switch pair.key.scalar?.value ?? "" {
            case "broker": m.broker = broker(v)
            case "client_id": m.clientID = setting(v, "a client id")
            case "username": m.username = setting(v, "a user name")
            case "password": m.password = setting(v, "a password")
            case "password_file":
                m.passwordFile = setting(v, "the path of a file holding the password")
                if let path = m.passwordFile?.value.resolved { warnUnreadable(path, "password file", at: v.range) }
            case "keepalive":
                if let d = reader.duration(v, "'keepalive'", positive: true) {
                    if d.value < 1000 || d.value > 65_535_000 {
                        reader.error("keepalive must be between 1s and 18h12m15s", at: v.range)
                    } else {
                        m.keepalive = d
                    }
                }
            case "status_topic":
                if let t = reader.text(v, "a topic") { m.statusTopic = publishTopic(t, v) }
            case "tls":
                guard let tp = reader.mapping(v, "'tls'") else { continue }
                reader.checkKeys(tp, allowed: ["ca", "cert", "key", "verify"], in: "'tls'")
                var tls = MQTTSettings.TLS(range: v.range)
                for p in tp {
                    switch p.key.scalar?.value ?? "" {
                    case "ca": tls.ca = readableFile(p.value, "CA certificate")
                    case "cert": tls.cert = readableFile(p.value, "client certificate")
                    case "key": tls.key = readableFile(p.value, "client key")
                    case "verify": tls.verify = reader.bool(p.value, "'verify'")
                    default: break
                    }
                }
                if (tls.cert == nil) != (tls.key == nil), let given = tls.cert ?? tls.key {
                    reader.error("a client certificate needs both 'cert' and 'key'", at: given.range)
                }
                m.tls = tls
            default: break
            }
        }
        if m.password != nil, let file = m.passwordFile {
            reader.error("give either 'password' or 'password_file', not both", at: file.range)
        }
        return m
    }

    /// A file the runtime will read (a certificate or key): a warning now when it cannot be read.
    mutating func readableFile(_ node: YAMLNode, _ what: String) -> Located<String>? {
        guard let path = reader.text(node, "the path of a \(what)") else { return nil }
        warnUnreadable(path.value, what, at: node.range)
        return path
    }

    mutating func warnUnreadable(_ path: String, _ what: String, at range: SourceRange) {
        if !FileSystem.isReadableFile(path) {
            reader.warning("\(what) '\(NodeReader.clip(path))' cannot be read; 'reflex run' will refuse to start",
                           at: range)
        }
    }

    mutating func broker(_ node: YAMLNode) -> Located<MQTTSettings.Broker>? {
        guard let t = reader.text(node, "a broker URL such as mqtt://127.0.0.1:1883") else { return nil }
        switch BrokerURL.parse(t.value) {
        case .success(let b): return Located(b, at: node.range)
        case .failure(let f):
            reader.error(f.message, at: reader.range(in: node, from: f.offset, to: f.offset + 1))
            return nil
        }
    }

    /// A string setting with `${VAR}` references resolved from the environment.
    mutating func setting(_ node: YAMLNode, _ what: String) -> Located<SettingText>? {
        guard let t = reader.text(node, what) else { return nil }
        switch EnvironmentText.resolve(t.value, environment: environment) {
        case .success(let s):
            for name in s.missing {
                reader.warning("environment variable '\(name)' is not set; 'reflex run' will refuse to start",
                               at: node.range)
            }
            return Located(s, at: node.range)
        case .failure(let f):
            reader.error(f.message, at: reader.range(in: node, from: f.offset, to: f.offset + 2))
            return nil
        }
    }

    // MARK: Inputs and outputs

    mutating func gpio(_ node: YAMLNode) -> GPIOLine? {
        guard let pairs = reader.mapping(node, "'gpio' ({ chip: gpiochip0, line: 17 })") else { return nil }
        reader.checkKeys(pairs, allowed: ["chip", "line"], in: "'gpio'")
        var chip: Located<String>?
        var line: Located<Int>?
        for p in pairs {
            switch p.key.scalar?.value ?? "" {
            case "chip": chip = reader.text(p.value, "a chip such as gpiochip0")
            case "line": line = reader.integer(p.value, "'line'", in: 0...511)
            default: break
            }
        }
        if chip == nil, !pairs.contains(where: { $0.key.scalar?.value == "chip" }) {
            reader.error("'gpio' needs a 'chip' (such as gpiochip0)", at: node.range)
        }
        if line == nil, !pairs.contains(where: { $0.key.scalar?.value == "line" }) {
            reader.error("'gpio' needs a 'line' (the line offset on the chip)", at: node.range)
        }
        guard let chip, let line else { return nil }
        return GPIOLine(chip: chip, line: line)
    }

    /// The single `gpio:` / `mqtt:` source key of an input or output.
    mutating func sourceKey(_ pairs: [YAMLPair], _ what: String, range: SourceRange) -> YAMLPair? {
        let sources = pairs.filter { ["gpio", "mqtt"].contains($0.key.scalar?.value ?? "") }
        if sources.count > 1 {
            reader.error("\(what) has both 'gpio' and 'mqtt'; give one", at: sources[1].key.range)
            return nil
        }
        if sources.isEmpty {
            reader.error("\(what) needs a source: 'gpio: { chip, line }' or 'mqtt: TOPIC'", at: range)
            return nil
        }
        return sources[0]
    }

    mutating func input(_ name: Located<String>, _ node: YAMLNode, _ range: SourceRange) -> InputDecl? {
        let what = "input '\(name.value)'"
        guard let pairs = reader.mapping(node, what) else { return nil }
        reader.checkKeys(pairs, allowed: ["gpio", "mqtt", "active_low", "bias", "debounce", "json", "type", "stale",
                                          "initial"], in: what)
        guard let sourcePair = sourceKey(pairs, what, range: name.range) else { return nil }
        let isGPIO = sourcePair.key.scalar?.value == "gpio"
        let source: InputSource
        if isGPIO {
            guard let line = gpio(sourcePair.value) else { return nil }
            source = .gpio(line)
        } else {
            guard let t = reader.text(sourcePair.value, "a topic or filter") else { return nil }
            guard let topic = subscriptionTopic(t, sourcePair.value) else { return nil }
            source = .mqtt(topic)
        }
        var d = InputDecl(name: name, range: range, source: source)
        for p in pairs {
            let key = p.key.scalar?.value ?? ""
            let v = p.value
            let gpioOnly = ["active_low", "bias", "debounce"]
            if gpioOnly.contains(key), !isGPIO {
                reader.error("'\(key)' applies to gpio inputs; \(what) reads mqtt", at: p.key.range)
                continue
            }
            if key == "json", isGPIO {
                reader.error("'json' applies to mqtt inputs; \(what) reads gpio", at: p.key.range)
                continue
            }
            switch key {
            case "active_low": d.activeLow = reader.bool(v, "'active_low'")
            case "bias": d.bias = reader.choice(v, "bias", Bias.self)
            case "debounce": d.debounce = debounce(v)
            case "json": d.json = jsonPath(v)
            case "type":
                d.type = signalType(v)
                if isGPIO, let t = d.type, t.value != .bool {
                    reader.error("a gpio input is bool, not \(t.value)", at: v.range)
                }
            case "stale": d.stale = reader.duration(v, "'stale'", positive: true)
            case "initial": d.initial = reader.literal(v, "an initial value")
            default: break
            }
        }
        return d
    }

    mutating func output(_ name: Located<String>, _ node: YAMLNode, _ range: SourceRange) -> OutputDecl? {
        let what = "output '\(name.value)'"
        guard let pairs = reader.mapping(node, what) else { return nil }
        reader.checkKeys(pairs, allowed: ["gpio", "mqtt", "active_low", "type", "initial", "safe", "min_interval",
                                          "retain", "qos", "payload"], in: what)
        guard let sourcePair = sourceKey(pairs, what, range: name.range) else { return nil }
        let isGPIO = sourcePair.key.scalar?.value == "gpio"
        let target: OutputTarget
        if isGPIO {
            guard let line = gpio(sourcePair.value) else { return nil }
            target = .gpio(line)
        } else {
            guard let t = reader.text(sourcePair.value, "a topic") else { return nil }
            guard let topic = publishTopic(t, sourcePair.value) else { return nil }
            target = .mqtt(topic)
        }
        var d = OutputDecl(name: name, range: range, target: target)
        for p in pairs {
            let key = p.key.scalar?.value ?? ""
            let v = p.value
            if ["retain", "qos", "payload"].contains(key), isGPIO {
                reader.error("'\(key)' applies to mqtt outputs; \(what) drives gpio", at: p.key.range)
                continue
            }
            if key == "active_low", !isGPIO {
                reader.error("'active_low' applies to gpio outputs; \(what) publishes to mqtt", at: p.key.range)
                continue
            }
            switch key {
            case "active_low": d.activeLow = reader.bool(v, "'active_low'")
            case "type":
                d.type = signalType(v)
                if isGPIO, let t = d.type, t.value != .bool {
                    reader.error("a gpio output is bool, not \(t.value)", at: v.range)
                }
            case "initial": d.initial = reader.literal(v, "an initial value")
            case "safe": d.safe = reader.literal(v, "a safe value")
            case "min_interval": d.minInterval = reader.duration(v, "'min_interval'", positive: true)
            case "retain": d.retain = reader.bool(v, "'retain'")
            case "qos": d.qos = reader.integer(v, "'qos'", in: 0...1)
            case "payload": d.payload = reader.sourceText(v, "a payload template")
            default: break
            }
        }
        return d
    }

    mutating func state(_ name: Located<String>, _ node: YAMLNode, _ range: SourceRange) -> StateDecl? {
        let what = "state '\(name.value)'"
        guard let pairs = reader.mapping(node, "\(what) ({ type: bool, initial: false })") else { return nil }
        reader.checkKeys(pairs, allowed: ["type", "initial"], in: what)
        var d = StateDecl(name: name, range: range)
        for p in pairs {
            switch p.key.scalar?.value ?? "" {
            case "type": d.type = signalType(p.value)
            case "initial": d.initial = reader.literal(p.value, "an initial value")
            default: break
            }
        }
        return d
    }

    mutating func signalType(_ node: YAMLNode) -> Located<ValueType>? {
        guard let t = reader.text(node, "a type: bool, number or string") else { return nil }
        if let type = ValueType.signalTypes.first(where: { $0.rawValue == t.value }) { return Located(type, at: node.range) }
        let hint = Suggestion.didYouMean(t.value, in: ValueType.signalTypes.map(\.rawValue))
        reader.error("unknown type '\(NodeReader.clip(t.value))'; expected bool, number or string\(hint)", at: node.range)
        return nil
    }

    mutating func debounce(_ node: YAMLNode) -> Located<Debounce>? {
        if case .mapping(let pairs) = node.kind {
            reader.checkKeys(pairs, allowed: ["leading"], in: "'debounce'")
            guard let p = pairs.first(where: { $0.key.scalar?.value == "leading" }) else {
                if pairs.allSatisfy({ $0.key.scalar?.value == "leading" }) {
                    reader.error("expected 'debounce: 20ms' or 'debounce: { leading: 20ms }'", at: node.range)
                }
                return nil
            }
            guard let d = reader.duration(p.value, "'debounce'", positive: true) else { return nil }
            return Located(.leading(d.value), at: node.range)
        }
        guard let d = reader.duration(node, "'debounce'", positive: true) else { return nil }
        return Located(.settle(d.value), at: node.range)
    }

    mutating func jsonPath(_ node: YAMLNode) -> Located<JSONPath>? {
        guard let t = reader.text(node, "a JSON path such as $.celsius") else { return nil }
        switch JSONPathText.parse(t.value) {
        case .success(let p): return Located(p, at: node.range)
        case .failure(let f):
            reader.error(f.message, at: reader.range(in: node, from: f.offset, to: f.offset + 1))
            return nil
        }
    }

    mutating func subscriptionTopic(_ t: Located<String>, _ node: YAMLNode) -> Located<String>? {
        if let f = TopicText.checkFilter(t.value) {
            reader.error(f.message, at: reader.range(in: node, from: f.offset, to: f.offset + 1))
            return nil
        }
        return t
    }

    mutating func publishTopic(_ t: Located<String>, _ node: YAMLNode) -> Located<String>? {
        if let f = TopicText.checkTopic(t.value) {
            reader.error(f.message, at: reader.range(in: node, from: f.offset, to: f.offset + 1))
            return nil
        }
        return t
    }

    // MARK: Notifiers

    mutating func notifier(_ name: Located<String>, _ node: YAMLNode, _ range: SourceRange) -> NotifierDecl? {
        let what = "notifier '\(name.value)'"
        guard let pairs = reader.mapping(node, what) else { return nil }
        let kinds = pairs.filter { ["mqtt", "http"].contains($0.key.scalar?.value ?? "") }
        if kinds.count != 1 {
            reader.checkKeys(pairs, allowed: ["mqtt", "http", "qos", "retain", "method", "headers", "timeout"], in: what)
            reader.error(kinds.isEmpty ? "\(what) needs 'mqtt: TOPIC' or 'http: URL'"
                                       : "\(what) has both 'mqtt' and 'http'; give one",
                         at: kinds.count > 1 ? kinds[1].key.range : name.range)
            return nil
        }
        if kinds[0].key.scalar?.value == "mqtt" {
            reader.checkKeys(pairs, allowed: ["mqtt", "qos", "retain"], in: what)
            guard let t = reader.text(kinds[0].value, "a topic"), let topic = publishTopic(t, kinds[0].value) else {
                return nil
            }
            var m = NotifierKind.MQTT(topic: topic)
            for p in pairs {
                switch p.key.scalar?.value ?? "" {
                case "qos": m.qos = reader.integer(p.value, "'qos'", in: 0...1)
                case "retain": m.retain = reader.bool(p.value, "'retain'")
                default: break
                }
            }
            return NotifierDecl(name: name, range: range, kind: .mqtt(m))
        }
        reader.checkKeys(pairs, allowed: ["http", "method", "headers", "timeout"], in: what)
        guard let url = setting(kinds[0].value, "a URL such as https://ops.example.com/hook") else { return nil }
        let raw = url.value.raw
        if !raw.hasPrefix("${"), !(raw.hasPrefix("http://") && raw.count > 7 || raw.hasPrefix("https://") && raw.count > 8) {
            reader.error("expected an http:// or https:// URL", at: kinds[0].value.range)
            return nil
        }
        var h = NotifierKind.HTTP(url: url)
        for p in pairs {
            switch p.key.scalar?.value ?? "" {
            case "method": h.method = reader.choice(p.value, "method", HTTPMethod.self)
            case "timeout": h.timeout = reader.duration(p.value, "'timeout'", positive: true)
            case "headers":
                guard let hp = reader.mapping(p.value, "'headers'") else { continue }
                for header in hp {
                    guard let n = reader.text(header.key, "a header name") else { continue }
                    if !HTTPHeaderName.isValid(n.value) {
                        reader.error("'\(NodeReader.clip(n.value))' is not a valid HTTP header name", at: header.key.range)
                        continue
                    }
                    if let value = setting(header.value, "a header value") { h.headers.append((n, value)) }
                }
            default: break
            }
        }
        return NotifierDecl(name: name, range: range, kind: .http(h))
    }
}
