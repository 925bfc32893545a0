import ReflexCore

/// What a simulated run did, in the order it happened (and so in time order), with what is needed to name and
/// date it: the program it ran (with the scenario's initial values), its start instant and time zone.
public struct RunRecord: Sendable {
    /// What a record keeps.
    public enum Retention: Sendable {
        /// Every event: what a trace is written from.
        case everything
        /// What expectations are judged on (notifications and changes driven to outputs), plus the last
        /// `contextLimit` events as the context of a failure found while running. Memory stays bounded however
        /// long the run: a simulated day of 100 inputs at 1 Hz is 8.64 million updates.
        case evidence
    }

    /// How many events before a failure are kept to explain it.
    public static let contextLimit = 10

    public let retention: Retention
    public var program: Program
    /// Milliseconds since the Unix epoch at the start of the run.
    public var start: Int64
    /// The zone the rules ran in; wall-clock times in the trace are read in it.
    public var zone: TimeZoneRules
    /// Every event, or with `.evidence` the notifications and drives only.
    public private(set) var events: [RunEvent] = []
    /// With `.evidence`: the latest events, a ring whose oldest entry is at `oldest`.
    private var recent: [RunEvent] = []
    private var oldest = 0

    public init(program: Program, start: Int64, zone: TimeZoneRules, retention: Retention = .everything) {
        self.program = program
        self.start = start
        self.zone = zone
        self.retention = retention
    }

    mutating func append(_ event: RunEvent) {
        switch retention {
        case .everything:
            events.append(event)
        case .evidence:
            switch event.kind {
            case .effect(.notify), .effect(.drive): events.append(event)
            default: break
            }
            if recent.count < Self.contextLimit {
                recent.append(event)
            } else {
                recent[oldest] = event
                oldest = (oldest + 1) % Self.contextLimit
            }
        }
    }

    /// The last `contextLimit` events recorded, oldest first: what explains a failure found now.
    func latest() -> [RunEvent] {
        switch retention {
        case .everything: Array(events.suffix(Self.contextLimit))
        case .evidence: Array(recent[oldest...] + recent[..<oldest])
        }
    }

    /// The instants of the notifications sent through a notifier (by index), with their messages.
    func notifications(_ notifier: Int) -> [(at: Int64, message: String)] {
        events.compactMap {
            guard case .effect(.notify(let n)) = $0.kind, n.notifier == notifier else { return nil }
            return ($0.at, n.message)
        }
    }

    /// The instants of the changes driven to an output (by slot).
    func drives(_ slot: Int) -> [Int64] {
        events.compactMap {
            guard case .effect(.drive(let s, _)) = $0.kind, s == slot else { return nil }
            return $0.at
        }
    }

    /// The events that explain a failure: the last `limit` of those it points at.
    public func events(explaining failure: SimulationFailure, limit: Int = 10) -> ArraySlice<RunEvent> {
        let chosen: [RunEvent]
        switch failure.evidence {
        case .upTo(let context, _):
            return context.suffix(limit)
        case .notifications(let notifier):
            chosen = events.filter {
                guard case .effect(.notify(let n)) = $0.kind else { return false }
                return n.notifier == notifier
            }
        case .drives(let slot):
            chosen = events.filter {
                guard case .effect(.drive(let s, _)) = $0.kind else { return false }
                return s == slot
            }
        }
        return chosen.suffix(limit)
    }
}
