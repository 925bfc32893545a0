import ReflexCore

/// Everything a simulated run did, in the order it happened (and so in time order), with what is needed to name
/// and date it: the program it ran (with the scenario's initial values), its start instant and time zone.
public struct RunRecord: Sendable {
    public var program: Program
    /// Milliseconds since the Unix epoch at the start of the run.
    public var start: Int64
    /// The zone the rules ran in; wall-clock times in the trace are read in it.
    public var zone: TimeZoneRules
    public var events: [RunEvent] = []

    public init(program: Program, start: Int64, zone: TimeZoneRules) {
        self.program = program
        self.start = start
        self.zone = zone
    }

    mutating func append(_ kind: RunEvent.Kind, at t: Int64) {
        events.append(RunEvent(at: t, kind: kind))
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
        case .upTo(let index, _):
            let end = min(index + 1, events.endIndex)
            return events[max(0, end - limit)..<end]
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
