/// What is computed over a time window: the aggregates of samples, or the number of events.
///
/// See SPEC "Expressions": `average` is the mean, `delta` the newest sample minus the oldest (0 with one
/// sample), `rate` that delta per second between them (none with fewer than two samples), `minimum` and
/// `maximum` the extremes; all of them are none on an empty window. `count` is the number of events and
/// never none.
public enum WindowFunction: Sendable, Hashable, CaseIterable {
    case average
    case minimum
    case maximum
    case delta
    case rate
    case count
}
