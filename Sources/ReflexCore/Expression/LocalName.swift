/// An extra name in scope for one expression or template, such as `value` in an output's `payload:`.
///
/// A local is read at run time through `EvaluationContext.local(_:)` with its index in the `locals` array
/// given to the compiler.
public struct LocalName: Sendable, Hashable {
    public var name: String
    public var type: ValueType

    public init(_ name: String, type: ValueType) {
        self.name = name
        self.type = type
    }
}
