/// The type of a signal, expression or literal.
public enum ValueType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case bool
    case number
    case string
    case duration
    /// A time of day such as `07:30`.
    case timeOfDay = "time of day"
    /// An instant in time (`now`).
    case instant

    public var description: String { rawValue }

    /// Types a signal may have (`type:` in a rule file).
    public static let signalTypes: [ValueType] = [.bool, .number, .string]
}
