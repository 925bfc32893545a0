/// A type-checked expression in the flat form the engine evaluates: stack code over slots, window indices
/// and constants, with a summary of what it reads.
public struct CompiledExpression: Sendable {
    /// The type of every value it produces (or none at run time).
    public let type: ValueType
    let code: [Instruction]
    let constants: [Value]
    /// The stack an `ExpressionEvaluator` needs for it.
    public let maxStackDepth: Int
    public let dependencies: ExpressionDependencies
    /// The value, when the expression reads nothing and no clock (`2 * 5m`, `site`); nil otherwise.
    /// A constant can still be none (`1 / 0`), so check `isConstant`, not this against nil alone.
    public let constantValue: Value?
    /// The node the expression is written in (diagnostics map exact token positions themselves).
    public let range: SourceRange

    init(
        type: ValueType, code: [Instruction], constants: [Value], maxStackDepth: Int,
        dependencies: ExpressionDependencies, constantValue: Value?, range: SourceRange
    ) {
        self.type = type
        self.code = code
        self.constants = constants
        self.maxStackDepth = maxStackDepth
        self.dependencies = dependencies
        self.constantValue = constantValue
        self.range = range
    }

    /// Whether the value is the same at every evaluation (then it is `constantValue`).
    public var isConstant: Bool { constantValue != nil }

    /// Slots whose value or `.previous` is read, ascending.
    public var reads: [Int] { dependencies.reads }
    /// Reads of `.age`, `.since` and `.stale`.
    public var attributeReads: [ExpressionDependencies.AttributeRead] { dependencies.attributeReads }
    /// Indices into the `WindowTable`, ascending.
    public var windows: [Int] { dependencies.windows }
    /// Whether `now`, `hour`, `minute` or `weekday` is read.
    public var usesClock: Bool { dependencies.usesClock }
    /// The `time_between` ranges it uses.
    public var timeRanges: [ExpressionDependencies.TimeRange] { dependencies.timeRanges }
}
