import ReflexCore

/// A GPIO input's line in a simulated run: the raw level edges move, the input's debounce, and `active_low`.
///
/// Before the first edge the line rests at the level the input's initial value gives (through `active_low`); an
/// input with no initial value rests at its inactive level (low, or high when `active_low`). Times are
/// milliseconds after the start of the run.
struct SimulatedLine {
    let slot: Int
    let activeLow: Bool
    private let debounce: Debounce?
    private var debouncer: Debouncer

    init(_ input: Program.Input, initial: Value) {
        slot = input.slot
        activeLow = input.activeLow
        debounce = input.debounce
        let active = initial == .bool(true)
        debouncer = Debouncer(mode: input.debounce, committed: active != input.activeLow)
    }

    /// When the debounce must be asked again (`expire(at:)`), if a level is pending.
    var deadline: Int64? { debouncer.deadline }

    /// A physical edge at `t`; the input's new value if a level commits at once.
    mutating func edge(_ edge: LineEdge, at t: Int64) -> Value? {
        debouncer.line(edge == .rise, at: t).map(value)
    }

    /// The debounce deadline has come; the input's new value if a level commits now.
    mutating func expire(at t: Int64) -> Value? {
        debouncer.expire(at: t).map(value)
    }

    /// A `set` step gave the input `value` from its source: the line is at that level, settled, nothing pending.
    mutating func settle(at value: Value) {
        guard case .bool(let active) = value else { return }
        debouncer = Debouncer(mode: debounce, committed: active != activeLow)
    }

    /// The input's value for a committed raw level.
    private func value(_ level: Bool) -> Value {
        .bool(level != activeLow)
    }
}
