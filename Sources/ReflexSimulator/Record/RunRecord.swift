import ReflexCore

/// Everything a simulated run did, in the order it happened (and so in time order), with what is needed to name
/// and date it: the signal and notifier names of its program, its start instant and time zone.
public struct RunRecord: Sendable {
    /// Milliseconds since the Unix epoch at the start of the run.
    public var start: Int64
    /// The zone the rules ran in; wall-clock times in the trace are read in it.
    public var zone: TimeZoneRules
    /// By slot.
    public var signalNames: [String]
    /// By notifier index.
    public var notifierNames: [String]
    public var events: [RunEvent] = []

    public init(start: Int64, zone: TimeZoneRules, signalNames: [String], notifierNames: [String]) {
        self.start = start
        self.zone = zone
        self.signalNames = signalNames
        self.notifierNames = notifierNames
    }

    mutating func append(_ kind: RunEvent.Kind, at t: Int64) {
        events.append(RunEvent(at: t, kind: kind))
    }

    /// The events that explain a failure: the last `limit` of those it points at.
    public func events(explaining failure: SimulationFailure, limit: Int = 10) -> ArraySlice<RunEvent> {
        let chosen: [RunEvent]
        switch failure.evidence {
        case .upTo(let t):
            let end = events.firstIndex { $0.at > t } ?? events.endIndex
            return events[max(0, end - limit)..<end]
        case .notifications(let notifier):
            chosen = events.filter {
                if case .notify(let n) = $0.kind { return n.notifier == notifier }
                return false
            }
        case .drives(let slot):
            chosen = events.filter {
                if case .drive(let s, _) = $0.kind { return s == slot }
                return false
            }
        }
        return chosen.suffix(limit)
    }
}
