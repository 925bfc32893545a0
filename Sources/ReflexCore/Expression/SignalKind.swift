/// What declared a signal: an input, an output, a `state` entry or a derived `var`.
public enum SignalKind: Sendable, Hashable {
    case input
    case output
    case state
    case variable
}
