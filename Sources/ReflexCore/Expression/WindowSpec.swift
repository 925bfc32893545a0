/// One time window the engine keeps: the samples (or events) of one signal over the last `width` milliseconds.
///
/// A window at time t holds what happened in (t - width, t].
public struct WindowSpec: Sendable, Hashable {
    /// What a window records.
    public enum Content: Sendable, Hashable {
        /// Each update's value (number signals), for `avg min max delta rate`.
        case samples
        /// The instants of one kind of event, for `count`.
        case events(SignalEdge)
    }

    public var slot: Int
    /// Milliseconds, greater than 0.
    public var width: Int64
    public var content: Content

    public init(slot: Int, width: Int64, content: Content) {
        self.slot = slot
        self.width = width
        self.content = content
    }
}
