import ReflexCore

/// A bad parameter of a plant model or signal: the parameter's key as written in a scenario, and what is wrong.
struct PlantParameterProblem: Equatable, Sendable, CustomStringConvertible {
    /// The key under the model (`tau`, `period`, `duty`, `every`, `min`, ...), so a loader can point at it.
    var parameter: String
    var message: String

    var description: String { message }

    /// A duration that must be greater than 0.
    static func notPositive(_ parameter: String, milliseconds: Int64) -> Self {
        let found = DurationText.format(milliseconds)
        return Self(parameter: parameter, message: "'\(parameter)' must be greater than 0, found \(found)")
    }

    /// A number that must be finite (not NaN or infinite).
    static func notFinite(_ parameter: String, _ value: Double) -> Self {
        Self(parameter: parameter, message: "'\(parameter)' must be a finite number, found \(text(value))")
    }

    /// A number as the rule language prints it.
    static func text(_ value: Double) -> String {
        ValueText.number(value)
    }
}
