import ReflexCore

/// A `message` comparison of a notify expectation, ready to test messages: equals, contains, or a regular
/// expression searched anywhere in the message.
///
/// Patterns are Swift regular expressions, whose syntax covers the ECMAScript features scenarios use (classes,
/// `\d \w \s`, anchors, groups, alternation, quantifiers); they match by Unicode scalar, as ECMAScript does by
/// code point, and `^`/`$` anchor at the start and end of the whole message.
struct MessagePattern {
    private enum Test {
        case equals(String)
        case contains(String)
        case matches(Regex<AnyRegexOutput>?)
    }

    private let test: Test
    /// How the expectation reads in messages: `equal to "x"`, `containing "x"`, `matching /x/`.
    let description: String

    init(_ match: RunExpectation.MessageMatch) {
        switch match {
        case .equals(let text):
            test = .equals(text.value)
            description = "equal to \(ValueText.jsonString(text.value))"
        case .contains(let text):
            test = .contains(text.value)
            description = "containing \(ValueText.jsonString(text.value))"
        case .matches(let text):
            // The scenario loader has compiled it once already; a pattern that fails here matches nothing.
            test = .matches((try? Regex(text.value))?.matchingSemantics(.unicodeScalar))
            description = "matching /\(text.value)/"
        }
    }

    func accepts(_ message: String) -> Bool {
        switch test {
        case .equals(let text): message == text
        case .contains(let text): text.isEmpty || message.contains(text)
        case .matches(let regex): regex.map { (try? $0.firstMatch(in: message)) != nil } ?? false
        }
    }
}
