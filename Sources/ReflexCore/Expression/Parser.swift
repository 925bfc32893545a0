/// Builds the syntax tree of an expression from its tokens, stopping at the first syntax error.
///
/// Precedence, loosest first: `or`, `and`, `not`, comparisons and `in` (not associative), `+ -`, `* / %`,
/// unary `-`, attributes, calls and parentheses. Nesting deeper than `maximumDepth` is one error, so no input
/// can exhaust the stack.
struct Parser {
    static let maximumDepth = 64

    /// Thrown to unwind after the first syntax error.
    private struct Stop: Error {}

    private let tokens: [Token]
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var depth = 0
    private var passedInvalid = false
    /// The syntax error that stopped parsing, when it was not already reported by the lexer.
    private(set) var problem: ExpressionProblem?

    init(tokens: [Token], scalars: [Unicode.Scalar]) {
        self.tokens = tokens
        self.scalars = scalars
    }

    /// The tree of the whole token list, or nil after a syntax error.
    mutating func parse() -> SyntaxNode? {
        do {
            if current.kind == .end { try fail("expected an expression", current) }
            let node = try expression()
            if current.kind != .end { try unexpected(current) }
            return node
        } catch {
            return nil
        }
    }

    // MARK: - Tokens

    private var current: Token { tokens[position] }

    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func fail(_ message: String, _ token: Token) throws(Stop) -> Never {
        // After text the lexer could not read, syntax errors are most likely its consequences.
        if !passedInvalid && token.kind != .invalid {
            problem = .error(message, token.start, Swift.max(token.end, token.start + 1))
        }
        throw Stop()
    }

    /// Fails at a token that cannot follow a complete expression.
    private mutating func unexpected(_ token: Token) throws(Stop) -> Never {
        if case .identifier(let name) = token.kind {
            let lowered = name.lowercased()
            if ["and", "or", "not", "in"].contains(lowered) {
                try fail("unknown name '\(name)'; write '\(lowered)' in lowercase", token)
            }
        }
        if position > 0, case .identifier(let name) = tokens[position - 1].kind,
            let function = FunctionName(rawValue: name)
        {
            try fail("'\(name)' is a function; call it like \(function.example)", tokens[position - 1])
        }
        switch token.kind {
        case .number, .duration, .timeOfDay, .string, .identifier, .bool, .not:
            try fail("expected an operator such as 'and' or '>' before \(describe(token))", token)
        default:
            try fail("unexpected \(describe(token))", token)
        }
    }

    private mutating func enter(_ token: Token) throws(Stop) {
        depth += 1
        if depth > Self.maximumDepth {
            try fail("expression is nested too deeply (more than \(Self.maximumDepth) levels)", token)
        }
    }

    private mutating func leave() {
        depth -= 1
    }

    /// How a token is named in a message: `')'`, `'and'`, `the end of the expression`.
    private func describe(_ token: Token) -> String {
        if token.kind == .end { return "the end of the expression" }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[token.start..<token.end])
        return "'\(Lexer.shortened(text))'"
    }

    private func canStartOperand(_ kind: Token.Kind, allowingNot: Bool) -> Bool {
        switch kind {
        case .number, .duration, .timeOfDay, .string, .identifier, .bool, .leftParen, .minus, .invalid:
            true
        case .not:
            allowingNot
        case .and, .or, .in, .rightParen, .leftBracket, .rightBracket, .comma, .dot, .plus, .star, .slash,
            .percent, .comparison, .end:
            false
        }
    }

    /// Checks that an operand follows the operator `op` before parsing it.
    private mutating func operand(
        after op: Token, allowingNot: Bool, _ parse: (inout Parser) throws(Stop) -> SyntaxNode
    ) throws(Stop) -> SyntaxNode {
        let next = current
        if !canStartOperand(next.kind, allowingNot: allowingNot) {
            let opText = describe(op)
            switch next.kind {
            case .end:
                try fail("expected an expression after \(opText)", op)
            case .not:
                try fail("'not' cannot follow \(opText); put it in parentheses: (not ...)", next)
            default:
                try fail("expected an expression after \(opText), found \(describe(next))", next)
            }
        }
        return try parse(&self)
    }

    // MARK: - Grammar

    private mutating func expression() throws(Stop) -> SyntaxNode {
        try disjunction()
    }

    private mutating func disjunction() throws(Stop) -> SyntaxNode {
        let first = try conjunction()
        var links: [SyntaxNode.Link] = []
        while current.kind == .or {
            let op = advance()
            let operand = try operand(after: op, allowingNot: true) { (p: inout Parser) throws(Stop) in
                try p.conjunction()
            }
            links.append(SyntaxNode.Link(op: .or, opStart: op.start, opEnd: op.end, operand: operand))
        }
        return chain(first, links)
    }

    private mutating func conjunction() throws(Stop) -> SyntaxNode {
        let first = try negation()
        var links: [SyntaxNode.Link] = []
        while current.kind == .and {
            let op = advance()
            let operand = try operand(after: op, allowingNot: true) { (p: inout Parser) throws(Stop) in
                try p.negation()
            }
            links.append(SyntaxNode.Link(op: .and, opStart: op.start, opEnd: op.end, operand: operand))
        }
        return chain(first, links)
    }

    private mutating func negation() throws(Stop) -> SyntaxNode {
        guard current.kind == .not else { return try comparison() }
        let op = advance()
        try enter(op)
        let operand = try operand(after: op, allowingNot: true) { (p: inout Parser) throws(Stop) in
            try p.negation()
        }
        leave()
        return SyntaxNode(kind: .not(operand), start: op.start, end: operand.end)
    }

    private mutating func comparison() throws(Stop) -> SyntaxNode {
        let lhs = try additive()
        let node: SyntaxNode
        switch current.kind {
        case .comparison(let comparison):
            let op = advance()
            let rhs = try operand(after: op, allowingNot: false) { (p: inout Parser) throws(Stop) in
                try p.additive()
            }
            node = SyntaxNode(
                kind: .comparison(lhs, comparison, opStart: op.start, opEnd: op.end, rhs), start: lhs.start,
                end: rhs.end)
        case .in:
            let op = advance()
            guard current.kind == .leftBracket else {
                try fail("expected '[' after 'in', such as mode in [\"auto\", \"eco\"]", current)
            }
            let (elements, end) = try list()
            node = SyntaxNode(
                kind: .membership(subject: lhs, inStart: op.start, inEnd: op.end, elements: elements),
                start: lhs.start, end: end)
        default:
            return lhs
        }
        switch current.kind {
        case .comparison, .in:
            try fail("comparisons cannot be chained; join them with 'and', such as a < b and b < c", current)
        default:
            return node
        }
    }

    private mutating func additive() throws(Stop) -> SyntaxNode {
        let first = try multiplicative()
        var links: [SyntaxNode.Link] = []
        while true {
            let op: SyntaxNode.ChainOperator
            switch current.kind {
            case .plus: op = .plus
            case .minus: op = .minus
            default: return chain(first, links)
            }
            let token = advance()
            let operand = try operand(after: token, allowingNot: false) { (p: inout Parser) throws(Stop) in
                try p.multiplicative()
            }
            links.append(SyntaxNode.Link(op: op, opStart: token.start, opEnd: token.end, operand: operand))
        }
    }

    private mutating func multiplicative() throws(Stop) -> SyntaxNode {
        let first = try unary()
        var links: [SyntaxNode.Link] = []
        while true {
            let op: SyntaxNode.ChainOperator
            switch current.kind {
            case .star: op = .times
            case .slash: op = .divide
            case .percent: op = .remainder
            default: return chain(first, links)
            }
            let token = advance()
            let operand = try operand(after: token, allowingNot: false) { (p: inout Parser) throws(Stop) in
                try p.unary()
            }
            links.append(SyntaxNode.Link(op: op, opStart: token.start, opEnd: token.end, operand: operand))
        }
    }

    private mutating func unary() throws(Stop) -> SyntaxNode {
        guard current.kind == .minus else { return try postfix() }
        let op = advance()
        try enter(op)
        let operand = try operand(after: op, allowingNot: false) { (p: inout Parser) throws(Stop) in
            try p.unary()
        }
        leave()
        return SyntaxNode(kind: .negate(operand), start: op.start, end: operand.end)
    }

    private mutating func postfix() throws(Stop) -> SyntaxNode {
        let base = try primary()
        guard current.kind == .dot else { return base }
        let dot = advance()
        guard case .identifier(let name) = current.kind else {
            try fail("expected an attribute name after '.', such as temp.age", current.kind == .end ? dot : current)
        }
        let nameToken = advance()
        if current.kind == .dot {
            try fail("an attribute cannot follow '.\(name)'", current)
        }
        return SyntaxNode(
            kind: .attribute(base: base, name: name, dotStart: dot.start), start: base.start, end: nameToken.end)
    }

    private mutating func primary() throws(Stop) -> SyntaxNode {
        let token = current
        switch token.kind {
        case .number(let number):
            _ = advance()
            return SyntaxNode(kind: .literal(.number(number)), start: token.start, end: token.end)
        case .duration(let milliseconds):
            _ = advance()
            return SyntaxNode(kind: .literal(.duration(milliseconds)), start: token.start, end: token.end)
        case .timeOfDay(let milliseconds):
            _ = advance()
            return SyntaxNode(kind: .literal(.timeOfDay(milliseconds)), start: token.start, end: token.end)
        case .string(let text):
            _ = advance()
            return SyntaxNode(kind: .literal(.string(text)), start: token.start, end: token.end)
        case .bool(let value):
            _ = advance()
            return SyntaxNode(kind: .literal(.bool(value)), start: token.start, end: token.end)
        case .identifier(let name):
            _ = advance()
            guard current.kind == .leftParen else {
                return SyntaxNode(kind: .name(name), start: token.start, end: token.end)
            }
            let open = advance()
            try enter(open)
            let (arguments, end) = try argumentList(open: open, function: name)
            leave()
            return SyntaxNode(
                kind: .call(name: name, nameEnd: token.end, arguments: arguments), start: token.start, end: end)
        case .leftParen:
            let open = advance()
            try enter(open)
            if current.kind == .rightParen { try fail("expected an expression inside '( )'", current) }
            var inner = try expression()
            switch current.kind {
            case .rightParen:
                inner.end = advance().end
            case .end:
                try fail("this '(' is never closed; add ')'", open)
            default:
                try fail("expected ')' after the expression, found \(describe(current))", current)
            }
            leave()
            inner.start = open.start
            return inner
        case .leftBracket:
            try fail("a list [...] can only follow 'in', such as mode in [\"auto\", \"eco\"]", token)
        case .invalid:
            _ = advance()
            passedInvalid = true
            return SyntaxNode(kind: .invalid, start: token.start, end: token.end)
        case .end:
            try fail("expected an expression", token)
        case .minus, .not, .and, .or, .in, .rightParen, .rightBracket, .comma, .dot, .plus, .star, .slash,
            .percent, .comparison:
            try fail("unexpected \(describe(token))", token)
        }
    }

    /// The arguments after `open` up to the closing `)`, and the offset after it.
    private mutating func argumentList(open: Token, function: String) throws(Stop) -> ([SyntaxNode], Int) {
        if current.kind == .rightParen { return ([], advance().end) }
        var arguments: [SyntaxNode] = []
        var previous = open
        while true {
            if !canStartOperand(current.kind, allowingNot: true) {
                if current.kind == .end { try fail("the call of '\(function)' is never closed; add ')'", open) }
                let after = previous.kind == .comma ? "','" : "'\(function)('"
                try fail("expected an argument after \(after), found \(describe(current))", current)
            }
            arguments.append(try expression())
            switch current.kind {
            case .comma:
                previous = advance()
            case .rightParen:
                return (arguments, advance().end)
            case .end:
                try fail("the call of '\(function)' is never closed; add ')'", open)
            default:
                try fail("expected ',' or ')' after an argument, found \(describe(current))", current)
            }
        }
    }

    /// The values of `[a, b, ...]` and the offset after `]`.
    private mutating func list() throws(Stop) -> ([SyntaxNode], Int) {
        let open = advance()
        try enter(open)
        if current.kind == .rightBracket { try fail("expected at least one value in the list", open) }
        var elements: [SyntaxNode] = []
        var previous = open
        while true {
            if !canStartOperand(current.kind, allowingNot: true) {
                if current.kind == .end { try fail("this '[' is never closed; add ']'", open) }
                try fail("expected a value after \(describe(previous)), found \(describe(current))", current)
            }
            elements.append(try expression())
            switch current.kind {
            case .comma:
                previous = advance()
            case .rightBracket:
                leave()
                return (elements, advance().end)
            case .end:
                try fail("this '[' is never closed; add ']'", open)
            default:
                try fail("expected ',' or ']' after a value, found \(describe(current))", current)
            }
        }
    }

    private func chain(_ first: SyntaxNode, _ links: [SyntaxNode.Link]) -> SyntaxNode {
        guard let last = links.last else { return first }
        return SyntaxNode(kind: .chain(first: first, links: links), start: first.start, end: last.operand.end)
    }
}
