/// A rule set as written: every declaration of SPEC §1 with the source range of each value.
///
/// Produced by the loader (ReflexConfig) after structural checks; the compiler resolves names and types.
/// Declarations keep file order (files merged in byte-wise name order).
public struct RuleSet: Sendable {
    /// The files the set was read from, in merge order.
    public var files: [String] = []
    /// `site:`, or the file / folder name when absent.
    public var site: Located<String>
    public var timezone: Located<String>?
    public var mqtt: MQTTSettings?
    public var inputs: [InputDecl] = []
    public var outputs: [OutputDecl] = []
    public var states: [StateDecl] = []
    public var vars: [VarDecl] = []
    public var notifiers: [NotifierDecl] = []
    public var rules: [RuleDecl] = []
    /// Names of signals and notifiers whose declarations had errors: the compiler does not report
    /// references to them again (one mistake, one diagnostic).
    public var failedNames: Set<String> = []

    public init(site: Located<String>) {
        self.site = site
    }
}

/// A scalar written in a rule file whose meaning depends on the type expected there (`off`, `22`, `auto`).
public struct Literal: Sendable, Hashable {
    public var text: String
    /// Quoted scalars are always strings.
    public var quoted: Bool

    public init(_ text: String, quoted: Bool) {
        self.text = text
        self.quoted = quoted
    }
}

/// A string setting that may reference environment variables as `${NAME}`.
public struct SettingText: Sendable, Hashable {
    /// The text as written.
    public var raw: String
    /// The text with every variable replaced, when all of them are set.
    public var resolved: String?
    /// Variables referenced but not set in the environment.
    public var missing: [String]
    /// Whether any variable is referenced (its value is then treated as a secret).
    public var referencesEnvironment: Bool

    public init(raw: String, resolved: String?, missing: [String], referencesEnvironment: Bool) {
        self.raw = raw
        self.resolved = resolved
        self.missing = missing
        self.referencesEnvironment = referencesEnvironment
    }
}

public struct MQTTSettings: Sendable {
    public struct Broker: Sendable, Hashable {
        public var tls: Bool
        public var host: String
        public var port: Int

        public init(tls: Bool, host: String, port: Int) {
            self.tls = tls
            self.host = host
            self.port = port
        }
    }

    public struct TLS: Sendable {
        public var ca: Located<String>?
        public var cert: Located<String>?
        public var key: Located<String>?
        /// `verify: false` turns certificate verification off (on by default).
        public var verify: Located<Bool>?
        public var range: SourceRange

        public init(range: SourceRange) { self.range = range }
    }

    public var range: SourceRange
    public var broker: Located<Broker>?
    public var clientID: Located<SettingText>?
    public var username: Located<SettingText>?
    public var password: Located<SettingText>?
    public var passwordFile: Located<SettingText>?
    public var tls: TLS?
    /// Milliseconds.
    public var keepalive: Located<Int64>?
    public var statusTopic: Located<String>?

    public init(range: SourceRange) { self.range = range }
}

/// A GPIO line: a chip (name, path or number) and a line offset.
public struct GPIOLine: Sendable, Hashable {
    public var chip: Located<String>
    public var line: Located<Int>

    public init(chip: Located<String>, line: Located<Int>) {
        self.chip = chip
        self.line = line
    }
}

public enum Bias: String, Sendable, Hashable, CaseIterable {
    case asIs = "as-is"
    case disabled
    case pullUp = "pull-up"
    case pullDown = "pull-down"
}

public enum Debounce: Sendable, Hashable {
    /// A new level counts once stable this long (milliseconds).
    case settle(Int64)
    /// The first edge counts at once, then the line is ignored this long (milliseconds).
    case leading(Int64)
}

/// A path into a JSON payload: `$.a.b[0]`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]
    public var text: String

    public init(components: [Component], text: String) {
        self.components = components
        self.text = text
    }

    public var description: String { text }
}

public enum InputSource: Sendable {
    case gpio(GPIOLine)
    /// A topic or a filter with `+` / `#`.
    case mqtt(Located<String>)
}

public struct InputDecl: Sendable {
    public var name: Located<String>
    public var range: SourceRange
    public var source: InputSource
    public var type: Located<ValueType>?
    public var activeLow: Located<Bool>?
    public var bias: Located<Bias>?
    public var debounce: Located<Debounce>?
    public var json: Located<JSONPath>?
    /// Milliseconds.
    public var stale: Located<Int64>?
    public var initial: Located<Literal>?

    public init(name: Located<String>, range: SourceRange, source: InputSource) {
        self.name = name
        self.range = range
        self.source = source
    }
}

public enum OutputTarget: Sendable {
    case gpio(GPIOLine)
    case mqtt(Located<String>)
}

public struct OutputDecl: Sendable {
    public var name: Located<String>
    public var range: SourceRange
    public var target: OutputTarget
    public var type: Located<ValueType>?
    public var activeLow: Located<Bool>?
    public var initial: Located<Literal>?
    public var safe: Located<Literal>?
    /// Milliseconds.
    public var minInterval: Located<Int64>?
    public var retain: Located<Bool>?
    public var qos: Located<Int>?
    /// A template with `value` in scope.
    public var payload: SourceText?

    public init(name: Located<String>, range: SourceRange, target: OutputTarget) {
        self.name = name
        self.range = range
        self.target = target
    }
}

public struct StateDecl: Sendable {
    public var name: Located<String>
    public var range: SourceRange
    public var type: Located<ValueType>?
    public var initial: Located<Literal>?

    public init(name: Located<String>, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

public struct VarDecl: Sendable {
    public var name: Located<String>
    public var expression: SourceText

    public init(name: Located<String>, expression: SourceText) {
        self.name = name
        self.expression = expression
    }
}

public enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    case post = "POST"
    case put = "PUT"
}

public enum NotifierKind: Sendable {
    public struct MQTT: Sendable {
        public var topic: Located<String>
        public var qos: Located<Int>?
        public var retain: Located<Bool>?

        public init(topic: Located<String>) { self.topic = topic }
    }

    public struct HTTP: Sendable {
        public var url: Located<SettingText>
        public var method: Located<HTTPMethod>?
        public var headers: [(name: Located<String>, value: Located<SettingText>)] = []
        /// Milliseconds.
        public var timeout: Located<Int64>?

        public init(url: Located<SettingText>) { self.url = url }
    }

    case mqtt(MQTT)
    case http(HTTP)
}

public struct NotifierDecl: Sendable {
    public var name: Located<String>
    public var range: SourceRange
    public var kind: NotifierKind

    public init(name: Located<String>, range: SourceRange, kind: NotifierKind) {
        self.name = name
        self.range = range
        self.kind = kind
    }
}

/// An event of a signal, in triggers (`on: door.rise`) and in `count(door.rise, 10m)`: `.rise` and `.fall`
/// (bool edges), `.change` (a new value), `.update` (any update, the same value too).
public enum SignalEdge: String, Sendable, Hashable, CaseIterable {
    case change
    case rise
    case fall
    case update
}

public enum TriggerSpec: Sendable, Hashable {
    case signal(name: Located<String>, edge: SignalEdge)
    /// `every DURATION` (milliseconds).
    case every(Int64)
    /// `at HH:MM` (milliseconds since midnight).
    case at(Int64)
    case startup
}

public enum RunMode: String, Sendable, Hashable, CaseIterable {
    case single
    case restart
    case queue
}

public struct LevelTrigger: Sendable {
    public var when: SourceText
    /// Milliseconds.
    public var forDuration: Located<Int64>?
    public var until: SourceText?

    public init(when: SourceText) { self.when = when }
}

public struct EventTrigger: Sendable {
    public var triggers: [Located<TriggerSpec>]
    public var guardCondition: SourceText?

    public init(triggers: [Located<TriggerSpec>]) { self.triggers = triggers }
}

public enum RuleTrigger: Sendable {
    case level(LevelTrigger)
    case event(EventTrigger)
}

public struct HoldDecl: Sendable {
    public var output: Located<String>
    public var value: SourceText

    public init(output: Located<String>, value: SourceText) {
        self.output = output
        self.value = value
    }
}

public struct Assignment: Sendable {
    public var target: Located<String>
    public var value: SourceText

    public init(target: Located<String>, value: SourceText) {
        self.target = target
        self.value = value
    }
}

/// One action of a `then` / `else` list.
public struct Action: Sendable {
    public indirect enum Kind: Sendable {
        case set([Assignment])
        case toggle(Located<String>)
        /// Milliseconds.
        case pulse(Assignment, duration: Located<Int64>)
        case notify(notifier: Located<String>, message: SourceText?, fields: [(name: Located<String>, value: SourceText)])
        case publish(topic: SourceText, payload: SourceText, qos: Located<Int>?, retain: Located<Bool>?)
        /// Milliseconds.
        case delay(Located<Int64>)
        case log(SourceText)
        case branch(condition: SourceText, then: [Action], else: [Action])
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, at range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public struct RuleDecl: Sendable {
    public var name: Located<String>
    public var range: SourceRange
    public var trigger: RuleTrigger
    public var priority: Located<Int>?
    public var mode: Located<RunMode>?
    public var holds: [HoldDecl] = []
    public var then: [Action] = []
    public var otherwise: [Action] = []

    public init(name: Located<String>, range: SourceRange, trigger: RuleTrigger) {
        self.name = name
        self.range = range
        self.trigger = trigger
    }
}
