import ReflexCore

/// Reads typed values out of YAML nodes, collecting a positioned diagnostic for every mismatch.
package struct NodeReader {
    package var diagnostics: [Diagnostic] = []

    package init() {}

    package mutating func error(_ message: String, at range: SourceRange, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.error(message, at: range, notes: notes))
    }

    package mutating func warning(_ message: String, at range: SourceRange, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.warning(message, at: range, notes: notes))
    }

    /// The range of scalars `[from, to)` inside a scalar node (the node's range if it is not a scalar).
    package func range(in node: YAMLNode, from: Int, to: Int) -> SourceRange {
        guard let text = node.sourceText else { return node.range }
        return text.range(from: from, to: to)
    }

    // MARK: Shapes

    /// The pairs of a mapping node; an error naming `what` otherwise.
    package mutating func mapping(_ node: YAMLNode, _ what: String) -> [YAMLPair]? {
        if case .mapping(let pairs) = node.kind { return pairs }
        error("expected a mapping for \(what), found \(node.kindDescription)", at: node.range)
        return nil
    }

    /// The items of a list node; an error naming `what` otherwise.
    package mutating func list(_ node: YAMLNode, _ what: String) -> [YAMLNode]? {
        if case .sequence(let items) = node.kind { return items }
        error("expected a list for \(what), found \(node.kindDescription)", at: node.range)
        return nil
    }

    /// Reports every key of `pairs` not in `allowed`, with a suggestion when one is close.
    /// Returns whether there was an unknown key.
    @discardableResult
    package mutating func checkKeys(_ pairs: [YAMLPair], allowed: [String], in what: String) -> Bool {
        var unknown = false
        for pair in pairs {
            let key = pair.key.scalar?.value ?? ""
            if !allowed.contains(key) {
                let hint = Suggestion.didYouMean(key, in: allowed)
                error("unknown key '\(key)' in \(what)\(hint)", at: pair.key.range)
                unknown = true
            }
        }
        return unknown
    }

    // MARK: Scalars

    /// A non-null scalar's text; an error naming `what` otherwise.
    package mutating func text(_ node: YAMLNode, _ what: String) -> Located<String>? {
        guard let s = node.scalar, !node.isNull else {
            error("expected \(what), found \(node.kindDescription)", at: node.range)
            return nil
        }
        return Located(s.value, at: node.range)
    }

    /// A scalar kept as written, for values whose meaning depends on a type decided later.
    package mutating func literal(_ node: YAMLNode, _ what: String) -> Located<Literal>? {
        guard let s = node.scalar, !node.isNull else {
            error("expected \(what), found \(node.kindDescription)", at: node.range)
            return nil
        }
        let quoted = s.style != .plain || node.tag == "tag:yaml.org,2002:str"
        return Located(Literal(s.value, quoted: quoted), at: node.range)
    }

    /// Rule text (an expression or a template): any scalar.
    package mutating func sourceText(_ node: YAMLNode, _ what: String) -> SourceText? {
        guard let text = node.sourceText, !node.isNull else {
            error("expected \(what), found \(node.kindDescription)", at: node.range)
            return nil
        }
        return text
    }

    /// `true false on off` in any of the cases YAML allows.
    package mutating func bool(_ node: YAMLNode, _ what: String) -> Located<Bool>? {
        guard let s = node.scalar, !node.isNull else {
            error("expected true or false for \(what), found \(node.kindDescription)", at: node.range)
            return nil
        }
        if let b = LiteralValue.boolValue(s.value), s.style == .plain { return Located(b, at: node.range) }
        error("expected true or false for \(what), found '\(Self.clip(s.value))'", at: node.range)
        return nil
    }

    /// An integer in `range`.
    package mutating func integer(_ node: YAMLNode, _ what: String, in bounds: ClosedRange<Int>) -> Located<Int>? {
        guard let s = node.scalar, !node.isNull else {
            error("expected a whole number for \(what), found \(node.kindDescription)", at: node.range)
            return nil
        }
        guard s.style == .plain, let v = Int(s.value) else {
            error("expected a whole number for \(what), found '\(Self.clip(s.value))'", at: node.range)
            return nil
        }
        guard bounds.contains(v) else {
            let allowed = bounds.upperBound == Int.max ? "\(bounds.lowerBound) or more"
                : bounds.count == 2 ? "\(bounds.lowerBound) or \(bounds.upperBound)"
                : "\(bounds.lowerBound) to \(bounds.upperBound)"
            error("\(what) must be \(allowed), found \(v)", at: node.range)
            return nil
        }
        return Located(v, at: node.range)
    }

    /// A duration in milliseconds; `positive` rejects zero.
    package mutating func duration(_ node: YAMLNode, _ what: String, positive: Bool = false) -> Located<Int64>? {
        guard let s = node.scalar, !node.isNull else {
            error("expected a duration such as 500ms, 30s, 5m, 1h30m or 1d for \(what), found \(node.kindDescription)",
                  at: node.range)
            return nil
        }
        switch DurationText.parse(s.value) {
        case .success(let ms):
            if positive && ms == 0 {
                error("\(what) must be longer than 0s", at: node.range)
                return nil
            }
            return Located(ms, at: node.range)
        case .failure(let failure):
            let at: SourceRange
            switch failure {
            case .unexpected(let o), .missingUnit(let o), .unitOrder(let o):
                at = range(in: node, from: o, to: o + 1)
            case .empty, .negative, .tooLarge:
                at = node.range
            }
            let scalars = Array(s.value.unicodeScalars)
            func isLetter(_ i: Int) -> Bool {
                i < scalars.count && (("a"..."z").contains(scalars[i]) || ("A"..."Z").contains(scalars[i]))
            }
            switch failure {
            case .missingUnit:
                error("\(what) needs a unit: ms, s, m, h or d (e.g. '\(Self.clip(s.value))s')", at: node.range)
            case .unexpected(let o) where o > 0 && isLetter(o):
                var end = o
                while isLetter(end) { end += 1 }
                let unit = String(String.UnicodeScalarView(scalars[o..<end]))
                error("unknown unit '\(Self.clip(unit))' in \(what) '\(Self.clip(s.value))'; units are ms, s, m, h and d",
                      at: range(in: node, from: o, to: end))
            case .negative:
                error("\(what) cannot be negative, found '\(Self.clip(s.value))'", at: node.range)
            case .unitOrder:
                error("\(what) must list its parts from larger to smaller units (d h m s ms), found '\(Self.clip(s.value))'",
                      at: at)
            default:
                if s.style == .plain, Double(s.value) != nil {
                    error("\(what) needs a unit: ms, s, m, h or d (e.g. '\(Self.clip(s.value))s')", at: node.range)
                } else {
                    error("\(failure.message) for \(what), found '\(Self.clip(s.value))'", at: at)
                }
            }
            return nil
        }
    }

    /// One of the raw values of an enum, with a suggestion when close.
    package mutating func choice<E: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: String, _: E.Type)
        -> Located<E>? where E.RawValue == String
    {
        let options = E.allCases.map(\.rawValue)
        guard let s = node.scalar, !node.isNull else {
            error("expected one of \(options.joined(separator: ", ")) for \(what), found \(node.kindDescription)",
                  at: node.range)
            return nil
        }
        if let v = E(rawValue: s.value) { return Located(v, at: node.range) }
        let hint = Suggestion.didYouMean(s.value, in: options)
        error("unknown \(what) '\(Self.clip(s.value))'; expected one of \(options.joined(separator: ", "))\(hint)",
              at: node.range)
        return nil
    }

    /// An IANA time zone name installed under `directory`, with a suggestion from the same region.
    package mutating func timezone(_ node: YAMLNode, directory: String) -> Located<String>? {
        guard let tz = text(node, "a time zone such as Europe/Berlin") else { return nil }
        if TimeZoneNames.exists(tz.value, in: directory) { return tz }
        let hint = Suggestion.didYouMean(tz.value, in: TimeZoneNames.candidates(near: tz.value, in: directory))
        error("unknown time zone '\(Self.clip(tz.value))'\(hint)", at: node.range)
        return nil
    }

    /// A name declared in a section: lowercase letters, digits and `_` (rules may also use `-`).
    package mutating func name(_ node: YAMLNode, _ what: String, allowDash: Bool = false) -> Located<String>? {
        guard let s = node.scalar, !node.isNull else {
            error("expected a name for \(what), found \(node.kindDescription)", at: node.range)
            return nil
        }
        let scalars = Array(s.value.unicodeScalars)
        func isLower(_ c: Unicode.Scalar) -> Bool { c.value >= 97 && c.value <= 122 }
        func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
        var bad: Int?
        for (i, c) in scalars.enumerated() {
            let ok = allowDash ? (isLower(c) || isDigit(c) || c == "_" || c == "-") : (isLower(c) || i > 0 && (isDigit(c) || c == "_"))
            if !ok { bad = i; break }
        }
        if scalars.isEmpty || bad != nil || scalars.count > 64 {
            let allowed = allowDash
                ? "lowercase letters, digits, '_' and '-'"
                : "lowercase letters, digits and '_', starting with a letter"
            let at = bad.map { range(in: node, from: $0, to: $0 + 1) } ?? node.range
            if scalars.count > 64 {
                error("\(what) '\(Self.clip(s.value))' is longer than 64 characters", at: node.range)
            } else {
                error("\(what) '\(Self.clip(s.value))' may only use \(allowed)", at: at)
            }
            return nil
        }
        return Located(s.value, at: node.range)
    }

    /// Text shortened for a message.
    package static func clip(_ text: String) -> String {
        var out = ""
        for (i, c) in text.unicodeScalars.enumerated() {
            if i >= 40 { return out + "…" }
            if c.value < 32 || c.value == 127 { out += "?" } else { out.unicodeScalars.append(c) }
        }
        return out
    }
}
