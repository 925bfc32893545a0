/// Why time-zone data could not be read: a TZif file or its POSIX TZ footer is malformed.
public enum TimeZoneError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data ends before the header's counts say it should.
    case truncated
    /// The data does not start with "TZif".
    case badMagic
    /// A field holds a value the format does not allow.
    case invalidData(String)
    /// The POSIX TZ string (the footer of a version 2+ file, or a TZ value) cannot be read.
    case badFooter(String)

    public var description: String {
        switch self {
        case .truncated: "time zone data is truncated"
        case .badMagic: "not time zone data (no TZif header)"
        case .invalidData(let reason): "invalid time zone data: \(reason)"
        case .badFooter(let reason): "invalid POSIX TZ rule: \(reason)"
        }
    }
}
