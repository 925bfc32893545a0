/// A run-time value. `none` is "no value yet" (or an empty window); see SPEC "Expressions".
///
/// Durations and times are integral milliseconds so that deadlines are exact.
public enum Value: Hashable, Sendable {
    case none
    case bool(Bool)
    case number(Double)
    case string(String)
    /// Milliseconds.
    case duration(Int64)
    /// Milliseconds since local midnight.
    case timeOfDay(Int64)
    /// Milliseconds since the Unix epoch.
    case instant(Int64)

    public var type: ValueType? {
        switch self {
        case .none: nil
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .duration: .duration
        case .timeOfDay: .timeOfDay
        case .instant: .instant
        }
    }

    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}
