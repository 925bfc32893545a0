import ReflexCore

/// Where a scenario names a signal, and so which signals may be named there.
enum SignalRole {
    case initial
    case set
    case gpio
    case model
    case expect
    case gain
    case changes

    /// The word for the signals allowed here, in "unknown input 'x'".
    var noun: String {
        switch self {
        case .initial, .expect: "signal"
        case .set, .model: "input"
        case .gpio: "gpio input"
        case .gain, .changes: "output"
        }
    }

    /// What the place takes, after "'fan' is an output; ".
    var rule: String {
        switch self {
        case .initial: "a var is computed from other signals and takes no initial value"
        case .set: "'set' updates inputs only"
        case .gpio: "'gpio' takes gpio inputs only"
        case .model: "a model drives inputs only"
        case .gain: "'gain' names outputs only"
        case .changes: "'changes' counts the changes of an output"
        case .expect: ""
        }
    }

    /// Whether a signal of `kind` (and, for inputs, read from a gpio line or not) may be named here.
    func allows(_ kind: SignalKind, gpio: Bool) -> Bool {
        switch self {
        case .initial: kind != .variable
        case .set, .model: kind == .input
        case .gpio: kind == .input && gpio
        case .expect: true
        case .gain, .changes: kind == .output
        }
    }
}
