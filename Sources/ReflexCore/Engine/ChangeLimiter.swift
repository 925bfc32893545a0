/// An output's anti-chatter clock (`min_interval`): a change is driven at once if the last change is at least
/// the interval old, else it waits for the interval to end, and the latest value wins then. A value equal to
/// what is driven drives nothing (SPEC "Outputs and arbitration").
struct ChangeLimiter {
    /// Milliseconds; 0 means no limit.
    let interval: Int64
    /// The value last driven to the device (what expressions see).
    private(set) var driven: Value
    /// When the last change was driven; nil before the first change (applying `initial` is not a change).
    private(set) var lastChange: Int64?
    /// A value waiting for the interval to end.
    private(set) var pending: Value?

    init(interval: Int64, driven: Value) {
        self.interval = interval
        self.driven = driven
    }

    /// When the driver must call `expire(at:)`, if a value is waiting.
    var deadline: Int64? {
        guard pending != nil, let last = lastChange else { return nil }
        return last + interval
    }

    /// Arbitration decided `value` at `t`. Returns the value to drive now, if any.
    mutating func request(_ value: Value, at t: Int64) -> Value? {
        if value == driven {
            pending = nil
            return nil
        }
        if let last = lastChange, interval > 0, t < last + interval {
            pending = value
            return nil
        }
        return drive(value, at: t)
    }

    /// The interval ended at `t`: drives the waiting value, if it still differs.
    mutating func expire(at t: Int64) -> Value? {
        guard let value = pending, let d = deadline, t >= d else { return nil }
        pending = nil
        return value == driven ? nil : drive(value, at: t)
    }

    /// A restart puts the clock back: the last change and the value waiting for the interval to end.
    mutating func restore(lastChange: Int64, pending: Value?) {
        self.lastChange = lastChange
        self.pending = pending
    }

    private mutating func drive(_ value: Value, at t: Int64) -> Value {
        driven = value
        lastChange = t
        pending = nil
        return value
    }
}
