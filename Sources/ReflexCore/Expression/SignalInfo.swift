/// What the expression compiler needs to know about one signal: its slot, kind, type and stale limit.
public struct SignalInfo: Sendable, Hashable {
    public var name: String
    /// The signal's index in the engine's value arrays.
    public var slot: Int
    public var kind: SignalKind
    /// One of `ValueType.signalTypes`.
    public var type: ValueType
    /// The `stale:` limit in milliseconds; `.stale` may only be read when there is one.
    public var staleLimit: Int64?

    public init(name: String, slot: Int, kind: SignalKind, type: ValueType, staleLimit: Int64? = nil) {
        self.name = name
        self.slot = slot
        self.kind = kind
        self.type = type
        self.staleLimit = staleLimit
    }
}
