/// An error or warning found in expression text, at scalar offsets `[start, end)`, before it is mapped to a file.
struct ExpressionProblem: Sendable {
    var severity: Diagnostic.Severity
    var message: String
    var start: Int
    var end: Int

    static func error(_ message: String, _ start: Int, _ end: Int) -> ExpressionProblem {
        ExpressionProblem(severity: .error, message: message, start: start, end: end)
    }

    static func warning(_ message: String, _ start: Int, _ end: Int) -> ExpressionProblem {
        ExpressionProblem(severity: .warning, message: message, start: start, end: end)
    }
}
