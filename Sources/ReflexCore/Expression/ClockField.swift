/// A field of the local wall clock readable in expressions: `hour`, `minute` and `weekday`.
enum ClockField: Sendable, Hashable {
    case hour
    case minute
    case weekday
}
