/// What the engine asks its driver to do; the driver (device runtime or simulator) carries it out.
public enum Effect: Equatable, Sendable {
    /// Drive an output (by signal slot) to a value.
    case drive(slot: Int, value: Value)
    case publish(topic: String, payload: String, qos: Int, retain: Bool)
    case notify(Notification)
    case log(rule: String, message: String)
    /// What the engine saw or decided, with its instant; only while `Engine.tracing` is on.
    case trace(TraceEvent)
}

/// One notification, rendered: SPEC "Payloads" gives its JSON shape; the driver adds id, site and time.
public struct Notification: Equatable, Sendable {
    public struct Field: Equatable, Sendable {
        public var name: String
        public var value: String

        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var notifier: Int
    public var rule: String
    public var message: String
    public var fields: [Field]

    package init(notifier: Int, rule: String, message: String, fields: [Field]) {
        self.notifier = notifier
        self.rule = rule
        self.message = message
        self.fields = fields
    }
}
