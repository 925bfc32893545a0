import ReflexCore

extension LibYAMLError {
    /// The error as users read it: "YAML syntax error: …" at libyaml's problem position, in plain words, with a
    /// hint for the frequent mistakes and a note where the construct that failed began.
    func diagnostic(in file: SourceFile) -> Diagnostic {
        let position: SourcePosition
        switch kind {
        case .reader: position = file.position(ofByteOffset: readerOffset(in: file))
        case .memory, .other: position = SourcePosition(line: 1, column: 1)
        case .scanner, .parser: position = problemMark.position
        }
        let at = SourceRange(file: file.path, line: Int(position.line), column: Int(position.column))
        let (message, note) = explanation(in: file)
        var notes: [Diagnostic.Note] = []
        if let note, kind == .scanner || kind == .parser, contextMark != problemMark {
            let start = contextMark.position
            let range = SourceRange(file: file.path, line: Int(start.line), column: Int(start.column))
            notes.append(Diagnostic.Note(note, at: range))
        }
        return .error("YAML syntax error: " + message, at: at, notes: notes)
    }

    /// Where a reader error points: libyaml gives a bad trailing byte's own offset; users see the broken
    /// character, so step back to its leading byte.
    private func readerOffset(in file: SourceFile) -> Int {
        var offset = min(problemOffset, file.bytes.count)
        guard problem == "invalid trailing UTF-8 octet" else { return offset }
        while offset > 0, file.bytes[offset - 1] & 0xC0 == 0x80 { offset -= 1 }
        return max(offset - 1, 0)
    }

    /// The message after "YAML syntax error: ", and the note for the context's start (if there is a context).
    private func explanation(in file: SourceFile) -> (String, String?) {
        switch kind {
        case .memory:
            return ("out of memory while reading the file", nil)
        case .reader:
            return (readerExplanation, nil)
        case .scanner, .parser, .other:
            break
        }
        let found = character(at: problemMark, in: file)
        let context = self.context ?? ""
        let construct = Self.readable(
            context.replacingPrefix("while scanning ", with: "").replacingPrefix("while parsing ", with: ""))
        let note = context.isEmpty ? nil : "\(construct) starts here"

        if found == "\t" || problem.contains("tab character") {
            return ("tabs cannot indent YAML; use spaces", nil)
        }
        if kind == .parser, let found, found == "]" || found == "}" {
            let opener = found == "]" ? "[" : "{"
            return ("found '\(found)' with no '\(opener)' open before it", nil)
        }
        switch problem {
        case "did not find expected <document start>":
            return (
                "unexpected content after the end of the document; a rule file holds one YAML document (check "
                    + "the indentation of this line and the lines above it)", nil
            )
        case "mapping values are not allowed in this context":
            return (
                "mapping values are not allowed here; quote a value that contains ': ', and check that the key "
                    + "before it has a space after its ':' and the right indentation", nil
            )
        case "found unexpected end of stream" where context.contains("quoted scalar"):
            return ("the file ends inside a quoted string; its closing quote is missing", "the string starts here")
        case "found unexpected document indicator" where context.contains("quoted scalar"):
            return (
                "a '---' or '...' line is inside a quoted string; its closing quote is missing",
                "the string starts here"
            )
        case "did not find expected key" where context.contains("block mapping"):
            return (
                "expected a key of the mapping here; check the indentation (the keys of one mapping start in "
                    + "the same column)", "the mapping starts here"
            )
        case "did not find expected '-' indicator":
            return (
                "expected a '- ' list item here; check the indentation (the items of one list start in the "
                    + "same column)", "the list starts here"
            )
        case "did not find expected ',' or ']'":
            return ("expected ',' or ']' in a [ ] list", "the list starts here")
        case "did not find expected ',' or '}'":
            return ("expected ',' or '}' in a { } mapping", "the mapping starts here")
        case "could not find expected ':'":
            return ("expected ':' after a key (a key fits on one line and is followed by ': ')", note)
        case "block sequence entries are not allowed in this context":
            return ("a '- ' list item cannot follow a key on the same line; start the list on the next line", nil)
        case "found unknown escape character":
            let letter = character(
                at: YAMLMark(
                    index: problemMark.index + 1, line: problemMark.line, column: problemMark.column + 1), in: file)
            return (
                "unknown escape '\\\(letter.map(String.init) ?? "")' in a double-quoted string; write '\\\\' for a "
                    + "backslash, or use single quotes", "the string starts here"
            )
        case "found character that cannot start any token":
            if let found, found == "@" || found == "`" || found == "%" {
                return ("'\(found)' cannot start a plain value; put the value in quotes", nil)
            }
            let shown = found.map { " '\($0)'" } ?? ""
            return ("found a character\(shown) that cannot start any YAML token", note)
        default:
            let sentence = Self.readable(context.isEmpty ? problem : "\(problem) \(context)")
            return (sentence, note)
        }
    }

    private var readerExplanation: String {
        let byte = problemValue >= 0 ? " 0x" + String(problemValue, radix: 16, uppercase: true) : ""
        switch problem {
        case "invalid leading UTF-8 octet":
            return "the file is not valid UTF-8: byte\(byte) cannot start a character; save the file as UTF-8"
        case "invalid trailing UTF-8 octet":
            return "the file is not valid UTF-8: byte\(byte) cannot continue a character; save the file as UTF-8"
        case "incomplete UTF-8 octet sequence":
            return "the file is not valid UTF-8: the last character is cut off"
        case "invalid length of a UTF-8 sequence":
            return "the file is not valid UTF-8: a character is encoded with too many bytes"
        case "invalid Unicode character":
            return "the file is not valid UTF-8: it encodes \(Self.codePoint(problemValue)), which is not a character"
        case "control characters are not allowed":
            return "control character \(Self.codePoint(problemValue)) is not allowed in YAML text"
        default:
            return problem
        }
    }

    private static func codePoint(_ value: Int) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The character at a libyaml mark, if the file has one there.
    private func character(at mark: YAMLMark, in file: SourceFile) -> Character? {
        guard let text = file.line(mark.line + 1) else { return nil }
        let scalars = text.unicodeScalars
        guard mark.column < scalars.count else { return nil }
        return Character(scalars[scalars.index(scalars.startIndex, offsetBy: mark.column)])
    }

    /// libyaml's vocabulary in the words a rule author uses.
    private static func readable(_ text: String) -> String {
        var text = text
        let words: [(String, String)] = [
            ("did not find expected", "did not find the expected"),
            ("a block mapping", "a mapping"), ("a flow mapping", "a { } mapping"),
            ("a block collection", "a list or mapping"), ("a flow sequence", "a [ ] list"),
            ("a quoted scalar", "a quoted string"), ("a plain scalar", "a plain value"),
            ("a block scalar", "a | or > text block"), ("a simple key", "a key"), ("a block node", "a value"),
            ("a flow node", "a value"), ("node content", "value"), ("end of stream", "end of the file"),
            ("<document start>", "start of a document ('---')"),
        ]
        for (from, to) in words { text = text.replacing(from, with: to) }
        return text
    }
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
