/// An event of a signal: `.rise` and `.fall` (bool edges), `.change` (a new value), `.update` (any update).
public enum SignalEvent: String, Sendable, Hashable, CaseIterable {
    case rise
    case fall
    case change
    case update
}
