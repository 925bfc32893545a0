/// The debounce of one GPIO input: raw line levels in, the level that counts out (SPEC "Precise semantics" 7).
///
/// It works on raw levels, before `active_low` inversion, and does no I/O: the driver passes each edge to
/// `line(_:at:)` and, whenever `deadline` is set, calls `expire(at:)` at that instant. Times are milliseconds
/// and must not go back. As everywhere in the engine, a deadline due at an instant runs before an edge at that
/// same instant: call `expire(at:)` for any deadline ≤ t before `line(_:at: t)` (if a driver does not, `line`
/// runs the overdue deadline itself, and returns the committed level only if it differs from before the call).
///
/// - settle P: a new level commits once it has been stable for P, exactly at (last change + P); a bounce back to
///   the committed level before then cancels it.
/// - leading P: an edge that differs from the committed level commits at once and starts a lockout [t, t + P)
///   in which the line is ignored (its latest level is remembered); at t + P, a line that differs from the
///   committed level commits at once and starts a new lockout, else the lockout ends quietly.
/// - no debounce (or a period ≤ 0): every edge commits at once.
///
/// An edge to the level the line already has is no edge: it changes nothing.
public struct Debouncer: Sendable {
    private enum Mode: Sendable {
        case immediate
        case settle(Int64)
        case leading(Int64)
    }

    private let mode: Mode
    /// The level that counts.
    public private(set) var committed: Bool
    /// The line's latest raw level.
    public private(set) var raw: Bool
    /// When the driver must call `expire(at:)`; nil when nothing is pending.
    public private(set) var deadline: Int64?

    /// A debouncer whose line is at `committed`, with nothing pending; `mode` nil is no debounce.
    public init(mode: Debounce?, committed: Bool) {
        switch mode {
        case .settle(let period) where period > 0: self.mode = .settle(period)
        case .leading(let period) where period > 0: self.mode = .leading(period)
        default: self.mode = .immediate
        }
        self.committed = committed
        raw = committed
        deadline = nil
    }

    /// The line is at `level` from `t` on. Returns the newly committed level if one commits now.
    public mutating func line(_ level: Bool, at t: Int64) -> Bool? {
        guard let due = deadline, due <= t else { return edge(level, at: t) }
        let before = committed
        var next: Int64? = due
        while let pending = next, pending <= t {
            _ = expire(at: pending)
            next = deadline
        }
        _ = edge(level, at: t)
        return committed != before ? committed : nil
    }

    /// Time `t` has come and `deadline` is at or before it. Returns the newly committed level, if any; a new
    /// lockout counts from the deadline, not from `t`. Called early or with nothing pending, it does nothing.
    public mutating func expire(at t: Int64) -> Bool? {
        guard let due = deadline, due <= t else { return nil }
        switch mode {
        case .immediate:
            deadline = nil
            return nil
        case .settle:
            deadline = nil
            guard raw != committed else { return nil }
            committed = raw
            return committed
        case .leading(let period):
            guard raw != committed else {
                deadline = nil
                return nil
            }
            committed = raw
            deadline = Self.after(due, period)
            return committed
        }
    }

    private mutating func edge(_ level: Bool, at t: Int64) -> Bool? {
        guard level != raw else { return nil }
        raw = level
        switch mode {
        case .immediate:
            committed = level
            return level
        case .settle(let period):
            if level == committed {
                deadline = nil
            } else {
                deadline = Self.after(t, period)
            }
            return nil
        case .leading(let period):
            if deadline != nil || level == committed { return nil }
            committed = level
            deadline = Self.after(t, period)
            return level
        }
    }

    /// `period` after `t`, held at the largest instant rather than overflowing.
    private static func after(_ t: Int64, _ period: Int64) -> Int64 {
        let (sum, overflow) = t.addingReportingOverflow(period)
        return overflow ? .max : sum
    }
}
