/// Decides one output's value (SPEC "Outputs and arbitration"): the highest-priority active hold (equal
/// priorities: the rule written first), else the last value written by `set` / `toggle` / `pulse`, else the
/// output's `initial`. Also keeps what a running pulse must restore (SPEC Precise semantics 6).
///
/// Holds live in a small array sorted by precedence; with its capacity reserved for the rules that can hold
/// the output, steady state allocates nothing.
struct OutputArbiter {
    /// One active hold.
    struct Hold {
        var rule: Int32
        var priority: Int32
        var value: Value
    }

    /// A running pulse: what to put back when it ends, unless something else wrote the output meanwhile.
    struct Pulse {
        /// The written value before the first of the running pulses (`none`: nothing was written).
        var restore: Value
        /// The write sequence of the pulse's own write; a later write means "something else wrote it".
        var write: UInt64
    }

    let initial: Value
    private(set) var holds: [Hold] = []
    /// The last value written (arbitration step 2); `none` when nothing was written.
    private(set) var written: Value = .none
    private(set) var pulse: Pulse?
    private var writes: UInt64 = 0

    init(initial: Value, holdCapacity: Int = 0) {
        self.initial = initial
        holds.reserveCapacity(holdCapacity)
    }

    /// The value arbitration decides now.
    var decided: Value {
        if let top = holds.first { return top.value }
        return written.isNone ? initial : written
    }

    /// The rule whose hold decides the value, if a hold does.
    var holder: Int32? { holds.first?.rule }

    /// Adds a rule's hold or updates its value (a hold's expression is kept up to date while the rule is active).
    /// Returns whether anything changed: false when the rule already held this value.
    @discardableResult
    mutating func hold(rule: Int32, priority: Int32, value: Value) -> Bool {
        if let i = holds.firstIndex(where: { $0.rule == rule }) {
            if holds[i].value == value { return false }
            holds[i].value = value
            return true
        }
        // Kept in (priority descending, rule ascending) order: the first element wins.
        let new = Hold(rule: rule, priority: priority, value: value)
        let i = holds.firstIndex { Self.precedes(new, $0) } ?? holds.count
        holds.insert(new, at: i)
        return true
    }

    /// Removes a rule's hold (the rule was released); the value falls back by the same order.
    mutating func release(rule: Int32) {
        if let i = holds.firstIndex(where: { $0.rule == rule }) { holds.remove(at: i) }
    }

    /// A `set` or `toggle` write.
    mutating func write(_ value: Value) {
        writes &+= 1
        written = value
    }

    /// Starts a pulse: writes `value`, remembering what to restore. A pulse while one runs restarts its clock
    /// (the caller's timer) and keeps the first restore value.
    mutating func startPulse(_ value: Value) {
        let restore = pulse?.restore ?? written
        write(value)
        pulse = Pulse(restore: restore, write: writes)
    }

    /// Ends the running pulse (its time is up, or it was cancelled): the written value goes back to what it was
    /// before the pulse, unless something else wrote the output since.
    mutating func endPulse() {
        guard let p = pulse else { return }
        pulse = nil
        if writes == p.write {
            writes &+= 1
            written = p.restore
        }
    }

    /// What the running pulse will put back: nil without a pulse, or when something else wrote the output since.
    var pulseRestore: Value? {
        guard let p = pulse, p.write == writes else { return nil }
        return p.restore
    }

    /// A restart puts back the written value and a running pulse (`restore` nil: the output was written since
    /// the pulse began, so its end puts nothing back). Only on a fresh arbiter.
    mutating func restore(written value: Value, pulse: Bool, restore: Value?) {
        writes = 1
        written = value
        // A write sequence of 0 never matches again: the pulse's end changes nothing.
        if pulse { self.pulse = Pulse(restore: restore ?? .none, write: restore == nil ? 0 : writes) }
    }

    private static func precedes(_ a: Hold, _ b: Hold) -> Bool {
        a.priority != b.priority ? a.priority > b.priority : a.rule < b.rule
    }
}
