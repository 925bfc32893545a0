import ReflexCore

/// Reading scenario scalars as values: YAML core-schema numbers, and literals typed as a signal.
enum ScenarioLiteral {
    /// A decimal number with optional sign, fraction and exponent, as the rule loader reads one.
    static func number(_ text: String) -> Double? {
        guard let first = text.unicodeScalars.first,
              first == "-" || first == "+" || first == "." || ("0"..."9").contains(first),
              text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || "+-.eE".unicodeScalars.contains($0) }),
              let v = Double(text), v.isFinite
        else { return nil }
        return v
    }

    /// The literal as a value of `type`: bools and numbers must be plain scalars; any scalar is a string.
    static func convert(_ literal: Literal, to type: ValueType) -> Value? {
        switch type {
        case .bool: literal.quoted ? nil : LiteralValue.boolValue(literal.text).map(Value.bool)
        case .number: literal.quoted ? nil : number(literal.text).map(Value.number)
        case .string: .string(literal.text)
        case .duration, .timeOfDay, .instant: nil
        }
    }

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
