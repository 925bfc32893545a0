/// A checked template: text parts and compiled `{{ expression }}` parts, with what they read together.
public struct CompiledTemplate: Sendable {
    /// A piece of the template.
    public enum Part: Sendable {
        case text(String)
        case expression(CompiledExpression)
    }

    /// In order; adjacent text is merged and constant expressions are already printed into the text.
    public let parts: [Part]
    /// What all the expression parts read.
    public let dependencies: ExpressionDependencies
    /// Where the template is written.
    public let range: SourceRange

    init(parts: [Part], dependencies: ExpressionDependencies, range: SourceRange) {
        self.parts = parts
        self.dependencies = dependencies
        self.range = range
    }

    /// The whole text when the template has no part that must be evaluated.
    public var plainText: String? {
        switch parts.count {
        case 0:
            return ""
        case 1:
            if case .text(let text) = parts[0] { return text }
            return nil
        default:
            return nil
        }
    }

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
