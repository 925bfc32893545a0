extension ExpressionCompiler {
    /// The template written in `source`: text with `{{ expression }}` parts of any type, with `locals` in scope;
    /// nil when it has errors.
    ///
    /// `}}` outside a part is plain text; an unclosed `{{` is an error. To print `{{` itself, write
    /// `{{ "{{" }}`.
    public mutating func compileTemplate(_ source: SourceText, locals: [LocalName] = []) -> CompiledTemplate? {
        let scalars = Array(source.text.unicodeScalars)
        var parts: [CompiledTemplate.Part] = []
        var dependencies = ExpressionDependencies()
        var text = ""
        var failed = false
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "{", i + 1 < scalars.count, scalars[i + 1] == "{" else {
                text.unicodeScalars.append(scalars[i])
                i += 1
                continue
            }
            let open = i
            guard let close = Self.closingBraces(in: scalars, from: open + 2) else {
                report([.error("unclosed '{{'; close it with '}}'", open, open + 2)], in: source, limit: scalars.count)
                failed = true
                break
            }
            i = close + 2
            guard (open + 2..<close).contains(where: { !Lexer.isSpace(scalars[$0]) }) else {
                report(
                    [.error("expected an expression inside '{{ }}'", open, close + 2)], in: source, limit: scalars.count
                )
                failed = true
                continue
            }
            guard
                let expression = compile(
                    scalars, from: open + 2, to: close, in: source, expecting: nil, locals: locals)
            else {
                failed = true
                continue
            }
            if let value = expression.constantValue {
                text += ValueText.format(value)
                continue
            }
            if !text.isEmpty {
                parts.append(.text(text))
                text = ""
            }
            dependencies.merge(expression.dependencies)
            parts.append(.expression(expression))
        }
        if failed { return nil }
        if !text.isEmpty { parts.append(.text(text)) }
        return CompiledTemplate(parts: parts, dependencies: dependencies, range: source.range)
    }

    /// The offset of the `}}` closing a part whose expression starts at `start`, skipping quoted strings.
    ///
    /// When a quote inside is never closed, the first `}}` after it closes the part, so that the expression's
    /// own error (an unterminated string) is the one reported.
    static func closingBraces(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start
        while i < scalars.count {
            let c = scalars[i]
            if c == "}", i + 1 < scalars.count, scalars[i + 1] == "}" { return i }
            if c == "\"" || c == "'" {
                var j = i + 1
                while j < scalars.count, scalars[j] != c {
                    j += scalars[j] == "\\" ? 2 : 1
                }
                if j >= scalars.count { return firstBraces(in: scalars, from: i + 1) }
                i = j + 1
                continue
            }
            i += 1
        }
        return nil
    }

    private static func firstBraces(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start
        while i + 1 < scalars.count {
            if scalars[i] == "}" && scalars[i + 1] == "}" { return i }
            i += 1
        }
        return nil
    }
}
