/// A compiled rule set: signals resolved to slots, expressions compiled, rules indexed — what the engine runs.
public struct Program: Sendable {
    /// One signal (input, output, state or var) at its slot.
    public struct Signal: Sendable {
        public var name: String
        public var kind: SignalKind
        public var type: ValueType
        /// The value in place before t = 0 (`none` when the signal has none yet).
        public var initial: Value
        public var staleLimit: Int64?
        public var range: SourceRange
    }

    public struct Input: Sendable {
        public var slot: Int
        public var source: InputSource
        public var activeLow: Bool
        public var bias: Bias
        public var debounce: Debounce?
        public var json: JSONPath?
    }

    public struct Output: Sendable {
        public var slot: Int
        public var target: OutputTarget
        public var activeLow: Bool
        public var safe: Value?
        public var minInterval: Int64?
        public var retain: Bool
        public var qos: Int
        public var payload: CompiledTemplate?
    }

    public struct Variable: Sendable {
        public var slot: Int
        public var expression: CompiledExpression
    }

    public struct Notifier: Sendable {
        public var name: String
        public var kind: NotifierKind
        public var range: SourceRange
    }

    public enum Trigger: Sendable, Hashable {
        case signal(slot: Int, edge: SignalEdge)
        case every(Int64)
        case at(Int64)
        case startup
    }

    /// One step of a rule's `then` / `else` list, flattened: nested `if` actions become branches and jumps
    /// within the same list, so a run paused by a `delay` is just (rule, list, index of the next step).
    public enum Step: Sendable {
        /// The values are evaluated first, then all written.
        case set([(slot: Int, value: CompiledExpression)])
        case toggle(slot: Int)
        case pulse(slot: Int, value: CompiledExpression, duration: Int64)
        case notify(notifier: Int, message: CompiledTemplate, fields: [(name: String, value: CompiledTemplate)])
        case publish(topic: CompiledTemplate, payload: CompiledTemplate, qos: Int, retain: Bool)
        /// The rest of the list runs this many milliseconds later.
        case delay(Int64)
        case log(CompiledTemplate)
        /// Go on at `otherwise` (an index in the same list) unless the condition is true.
        case branch(condition: CompiledExpression, otherwise: Int)
        /// Go on at the index.
        case jump(Int)

        /// The same step in a list that starts `offset` steps further on.
        func relocated(by offset: Int) -> Step {
            switch self {
            case .branch(let condition, let otherwise): .branch(condition: condition, otherwise: otherwise + offset)
            case .jump(let target): .jump(target + offset)
            default: self
            }
        }
    }

    public struct Hold: Sendable {
        public var slot: Int
        public var value: CompiledExpression
    }

    public enum RuleTrigger: Sendable {
        case level(when: CompiledExpression, for: Int64?, until: CompiledExpression?)
        case event(triggers: [Trigger], guardCondition: CompiledExpression?)
    }

    public struct Rule: Sendable {
        public var name: String
        public var range: SourceRange
        public var trigger: RuleTrigger
        public var priority: Int
        public var mode: RunMode
        public var holds: [Hold]
        public var then: [Step]
        public var otherwise: [Step]
    }

    public var site: String
    public var timezone: String?
    public var mqtt: MQTTSettings?
    public var signals: [Signal] = []
    public var inputs: [Input] = []
    public var outputs: [Output] = []
    /// In evaluation order: a var comes after every var it reads.
    public var variables: [Variable] = []
    public var notifiers: [Notifier] = []
    public var rules: [Rule] = []
    public var windows: [WindowSpec] = []
    /// The data-flow graph, for `reflex graph` and the static checks.
    public var graph: RuleGraph = RuleGraph()
}

/// Who reads and writes what: signals into vars and rules, rules into outputs, state and notifiers.
public struct RuleGraph: Sendable {
    public enum Node: Sendable, Hashable {
        case signal(Int)
        case rule(Int)
        case notifier(Int)
    }

    public struct Edge: Sendable, Hashable {
        public var from: Node
        public var to: Node
        /// True when the edge starts the target (a trigger or a `when`/`until` read), false for a plain read.
        public var triggers: Bool
    }

    public var edges: [Edge] = []
}
