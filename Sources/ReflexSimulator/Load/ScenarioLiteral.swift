import ReflexCore

/// How a scenario names the type a value must have (numbers and literals are read by `LiteralValue`).
enum ScenarioLiteral {
    /// "a bool", "a number", "a string".
    static func withArticle(_ type: ValueType) -> String {
        switch type {
        case .bool: "a bool (on/off, true/false)"
        case .number: "a number"
        case .string: "a string"
        case .duration: "a duration"
        case .timeOfDay: "a time of day"
        case .instant: "an instant"
        }
    }
}
