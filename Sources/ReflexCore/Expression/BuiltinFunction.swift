/// A function evaluated on the stack (the window functions and `time_between` compile to their own instructions).
enum BuiltinFunction: Sendable, Hashable {
    case abs
    /// The smallest of `argumentCount` numbers or durations.
    case minimum
    /// The largest of `argumentCount` numbers or durations.
    case maximum
    case clamp
    /// `round(x)` or, with two arguments, `round(x, digits)`.
    case round
    case floor
    case ceil
    case json
}
