import ReflexCore

/// How an output's value counts as an input to a plant model: numbers as themselves, bools as 1 or 0.
///
/// `none` (not yet driven) and every other type count as 0, so a gain on an output that has no value adds nothing.
enum PlantInput {
    static func numeric(_ value: Value) -> Double {
        switch value {
        case .number(let n): n
        case .bool(let b): b ? 1 : 0
        case .none, .string, .duration, .timeOfDay, .instant: 0
        }
    }
}
