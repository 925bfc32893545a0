import ReflexCore

/// Why a named time zone could not be loaded.
public enum TimeZoneLoadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The name is empty, absolute, or climbs out of the zone directory (`..`).
    case invalidName(String)
    /// No zone of that name exists in the directory.
    case unknownZone(String)
    /// The zone file exists but cannot be read.
    case unreadable(name: String, reason: String)
    /// The zone file is not valid TZif data.
    case invalidData(name: String, TimeZoneError)

    public var description: String {
        switch self {
        case .invalidName(let name): "\"\(name)\" is not a time zone name"
        case .unknownZone(let name): "unknown time zone \"\(name)\""
        case .unreadable(let name, let reason): "cannot read time zone \"\(name)\": \(reason)"
        case .invalidData(let name, let error): "time zone \"\(name)\": \(error)"
        }
    }
}
