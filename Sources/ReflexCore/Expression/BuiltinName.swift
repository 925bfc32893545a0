/// The names that read the clock or the site without parentheses: `now hour minute weekday site`.
enum BuiltinName: String, CaseIterable {
    case now
    case hour
    case minute
    case weekday
    case site

    var type: ValueType {
        switch self {
        case .now: .instant
        case .hour, .minute: .number
        case .weekday, .site: .string
        }
    }
}
