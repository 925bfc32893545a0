/// One entry of the trace: what the engine saw or decided at an instant, beyond the effects it returns.
///
/// With `Engine.tracing` on, the engine interleaves these with its effects (as `Effect.trace`): every cascade
/// begins with its cause (`start`, an input `update`, the `timer` that ran), so each effect that follows is
/// attributable to an instant and a reason. Drivers add what happens before the engine (`edge`,
/// `decodeFailure`). `TraceWriter` renders them as JSON lines.
public struct TraceEvent: Equatable, Sendable {
    /// Why a timer ran.
    public enum Timer: Equatable, Sendable {
        /// A `for:` clock ran out.
        case forElapsed(rule: Int)
        /// A `delay` ended; the run goes on.
        case resume(rule: Int)
        /// A `pulse` ended (by output slot).
        case pulseEnd(slot: Int)
        /// A `min_interval` ended (by output slot).
        case changeLimit(slot: Int)
        /// A time-dependent condition can have changed (`.age`, `.since`, time of day).
        case recheck(rule: Int)
        /// A var that changes with time alone (`.age`, `.since`, time of day) can have changed (by its slot).
        case variableRecheck(slot: Int)
        /// A window over the signal lost a sample.
        case windowExpiry(slot: Int)
        /// The signal's stale limit passed.
        case stale(slot: Int)
        case every(rule: Int)
        case at(rule: Int)
    }

    public enum Kind: Equatable, Sendable {
        /// Start-up: initial values are in place; level rules and `startup` rules follow.
        case start
        /// An update of an input from its source.
        case update(slot: Int, value: Value)
        case timer(Timer)
        /// A restarted engine's timer whose deadline passed while it was down: it runs at start-up, this many
        /// milliseconds late (the `timer` entry follows).
        case late(Timer, by: Int64)
        /// A level rule's `when` holds; it activates at `until` unless the condition fails first.
        case waiting(rule: Int, until: Int64)
        /// A level rule's `when` failed before its `for:` ran out.
        case cancelled(rule: Int)
        case activated(rule: Int)
        case released(rule: Int)
        /// An event rule runs its `then` list (`otherwise`: its `else` list, the guard being false).
        case fired(rule: Int, otherwise: Bool)
        /// A trigger dropped: `single` with a run pending, or a full `queue`.
        case dropped(rule: Int)
        /// A trigger waits for the pending run (`queue`).
        case queued(rule: Int)
        /// An action wrote a state signal.
        case set(slot: Int, value: Value)
        /// A physical edge on an input line, before debounce and `active_low` (added by drivers).
        case edge(slot: Int, rising: Bool)
        /// A payload for an input that did not decode; counted and ignored (added by drivers).
        case decodeFailure(slot: Int, reason: String)
    }

    /// The instant, in milliseconds since the Unix epoch.
    public var at: Int64
    public var kind: Kind

    public init(at: Int64, _ kind: Kind) {
        self.at = at
        self.kind = kind
    }
}
