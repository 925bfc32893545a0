/// Splits expression text into tokens, reporting malformed literals and stray characters.
///
/// The lexer never stops early: each problem is reported once and replaced by the token the user most
/// likely meant (`&&` reads as `and`) or by an `invalid` token the parser will not report again.
struct Lexer {
    /// Lexical errors reported for one expression at most; past that they are consequences of the first.
    static let problemLimit = 8

    private let scalars: [Unicode.Scalar]
    private let limit: Int
    private var index: Int
    private(set) var problems: [ExpressionProblem] = []

    /// Reads `scalars[start..<end]`.
    init(_ scalars: [Unicode.Scalar], from start: Int, to end: Int) {
        self.scalars = scalars
        self.index = start
        self.limit = end
    }

    /// All tokens up to and including `.end`.
    mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < limit ? scalars[i] : nil
    }

    private mutating func report(_ message: String, _ start: Int, _ end: Int) {
        guard problems.count < Self.problemLimit else { return }
        problems.append(.error(message, start, end))
    }

    private mutating func next() -> Token {
        while let c = peek(), Self.isSpace(c) { index += 1 }
        let start = index
        guard let c = peek() else { return Token(kind: .end, start: start, end: start) }
        if Self.isIdentifierStart(c) { return identifier() }
        if Self.isDigit(c) { return numeric() }
        if c == "\"" || c == "'" { return string(quote: c) }
        index += 1
        func token(_ kind: Token.Kind) -> Token { Token(kind: kind, start: start, end: index) }
        switch c {
        case "(": return token(.leftParen)
        case ")": return token(.rightParen)
        case "[": return token(.leftBracket)
        case "]": return token(.rightBracket)
        case ",": return token(.comma)
        case ".": return token(.dot)
        case "+": return token(.plus)
        case "-": return token(.minus)
        case "*": return token(.star)
        case "/": return token(.slash)
        case "%": return token(.percent)
        case "=":
            if peek() == "=" {
                index += 1
                return token(.comparison(.equal))
            }
            if let next = peek(), next == ">" || next == "<" {
                index += 1
                let meant: ComparisonOperator = next == ">" ? .greaterOrEqual : .lessOrEqual
                report("use '\(meant.spelling)' instead of '=\(next)'", start, index)
                return token(.comparison(meant))
            }
            report("use '==' to compare; '=' alone is not an operator", start, index)
            return token(.comparison(.equal))
        case ":" where peek() == "=":
            index += 1
            report("use '==' to compare; ':=' is not an operator", start, index)
            return token(.comparison(.equal))
        case "!":
            if peek() == "=" {
                index += 1
                return token(.comparison(.notEqual))
            }
            report("use 'not' instead of '!'", start, index)
            return token(.not)
        case "<":
            if peek() == "=" {
                index += 1
                return token(.comparison(.lessOrEqual))
            }
            if peek() == ">" {
                index += 1
                report("use '!=' for 'not equal'", start, index)
                return token(.comparison(.notEqual))
            }
            return token(.comparison(.less))
        case ">":
            if peek() == "=" {
                index += 1
                return token(.comparison(.greaterOrEqual))
            }
            return token(.comparison(.greater))
        case "&":
            if peek() == "&" { index += 1 }
            report("use 'and' instead of '\(index - start == 2 ? "&&" : "&")'", start, index)
            return token(.and)
        case "|":
            if peek() == "|" { index += 1 }
            report("use 'or' instead of '\(index - start == 2 ? "||" : "|")'", start, index)
            return token(.or)
        default:
            report("unexpected character \(Self.describe(c))", start, index)
            return token(.invalid)
        }
    }

    private mutating func identifier() -> Token {
        let start = index
        var name = ""
        while let c = peek(), Self.isIdentifierStart(c) || Self.isDigit(c) {
            name.unicodeScalars.append(c)
            index += 1
        }
        let kind: Token.Kind
        switch name {
        case "and": kind = .and
        case "or": kind = .or
        case "not": kind = .not
        case "in": kind = .in
        case "true", "on": kind = .bool(true)
        case "false", "off": kind = .bool(false)
        default: kind = .identifier(name)
        }
        return Token(kind: kind, start: start, end: index)
    }

    /// A number (`30`, `0.5`, `1e3`), a duration (`250ms`, `1m30s`) or a time of day (`07:30`).
    private mutating func numeric() -> Token {
        let start = index
        skipDigits()
        if peek() == ":", let d = peek(1), Self.isDigit(d) {
            while let c = peek(), Self.isDigit(c) || c == ":" { index += 1 }
            if let c = peek(), Self.isWordPart(c) { skipWord() }
            let text = lexeme(start, index)
            guard let milliseconds = TimeOfDayText.parse(text) else {
                let found = Self.shortened(text)
                report("expected a time of day such as 07:30 (24-hour HH:MM), found '\(found)'", start, index)
                return Token(kind: .invalid, start: start, end: index)
            }
            return Token(kind: .timeOfDay(milliseconds), start: start, end: index)
        }
        var isWhole = true
        if peek() == ".", let d = peek(1), Self.isDigit(d) {
            index += 1
            skipDigits()
            isWhole = false
        }
        if let e = peek(), e == "e" || e == "E" {
            if let d = peek(1), Self.isDigit(d) {
                index += 1
                skipDigits()
                isWhole = false
            } else if let sign = peek(1), sign == "+" || sign == "-", let d = peek(2), Self.isDigit(d) {
                index += 2
                skipDigits()
                isWhole = false
            }
        }
        if let c = peek(), Self.isWordPart(c) {
            skipWord()
            return duration(start, isWhole: isWhole)
        }
        let text = lexeme(start, index)
        guard let number = Double(text), number.isFinite else {
            report("number '\(Self.shortened(text))' is too large", start, index)
            return Token(kind: .invalid, start: start, end: index)
        }
        return Token(kind: .number(number), start: start, end: index)
    }

    private mutating func duration(_ start: Int, isWhole: Bool) -> Token {
        let text = lexeme(start, index)
        guard isWhole else {
            let found = Self.shortened(text)
            report("a duration is made of whole numbers of units, such as 1s500ms; found '\(found)'", start, index)
            return Token(kind: .invalid, start: start, end: index)
        }
        switch DurationText.parse(text) {
        case .success(let milliseconds):
            return Token(kind: .duration(milliseconds), start: start, end: index)
        case .failure(let failure):
            var message = failure.message
            if case .unexpected = failure { message += ", found '\(Self.shortened(text))'" }
            report(message, start, index)
            return Token(kind: .invalid, start: start, end: index)
        }
    }

    private mutating func string(quote: Unicode.Scalar) -> Token {
        let start = index
        index += 1
        var text = ""
        while let c = peek() {
            if c == quote {
                index += 1
                return Token(kind: .string(text), start: start, end: index)
            }
            if c == "\\" {
                guard let escaped = peek(1) else { break }
                switch escaped {
                case "\\", "\"", "'": text.unicodeScalars.append(escaped)
                case "n": text.unicodeScalars.append("\n")
                case "t": text.unicodeScalars.append("\t")
                default:
                    report(
                        "unknown escape '\\\(Self.printable(escaped))' in a string; "
                            + "use \\\\, \\\", \\', \\n or \\t",
                        index, index + 2)
                    text.unicodeScalars.append(escaped)
                }
                index += 2
                continue
            }
            text.unicodeScalars.append(c)
            index += 1
        }
        index = limit
        report("unterminated string; close it with \(quote)", start, start + 1)
        return Token(kind: .invalid, start: start, end: index)
    }

    private mutating func skipDigits() {
        while let c = peek(), Self.isDigit(c) { index += 1 }
    }

    private mutating func skipWord() {
        while let c = peek(), Self.isWordPart(c) { index += 1 }
    }

    private func lexeme(_ start: Int, _ end: Int) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[start..<end])
        return text
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r"
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool {
        c.value >= 48 && c.value <= 57
    }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 97 && c.value <= 122) || (c.value >= 65 && c.value <= 90) || c == "_"
    }

    private static func isWordPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }

    /// A character for a message: quoted when it prints, `U+XXXX` when it does not.
    static func describe(_ c: Unicode.Scalar) -> String {
        let printable = printable(c)
        return printable.hasPrefix("U+") ? printable : "'\(printable)'"
    }

    private static func printable(_ c: Unicode.Scalar) -> String {
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            let hex = String(c.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        default:
            return String(c)
        }
    }

    /// Long lexemes cut to a readable length for messages.
    static func shortened(_ text: String) -> String {
        text.unicodeScalars.count <= 24 ? text : String(text.prefix(20)) + "…"
    }
}
