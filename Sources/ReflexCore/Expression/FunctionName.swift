/// The functions an expression can call, by the name written.
enum FunctionName: String, CaseIterable {
    case abs
    case min
    case max
    case clamp
    case round
    case floor
    case ceil
    case avg
    case delta
    case rate
    case count
    case timeBetween = "time_between"
    case json

    /// A call the user can copy, for messages.
    var example: String {
        switch self {
        case .abs: "abs(x)"
        case .min: "min(a, b) or min(temp, 10m)"
        case .max: "max(a, b) or max(temp, 10m)"
        case .clamp: "clamp(x, 0, 100)"
        case .round: "round(x) or round(x, 1)"
        case .floor: "floor(x)"
        case .ceil: "ceil(x)"
        case .avg: "avg(temp, 10m)"
        case .delta: "delta(temp, 10m)"
        case .rate: "rate(temp, 1m)"
        case .count: "count(door.rise, 10m)"
        case .timeBetween: "time_between(22:00, 06:00)"
        case .json: "json(value)"
        }
    }
}
