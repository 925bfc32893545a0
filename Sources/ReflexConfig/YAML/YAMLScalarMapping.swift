import ReflexCore

/// Maps offsets in a scalar's value back to file positions by rescanning the scalar's source text.
///
/// It holds only the shared file and where the scalar's event starts, so a loaded tree costs no per-character
/// memory; the value is rebuilt character by character (the same way libyaml folds and unescapes it) only when a
/// diagnostic asks. The stored fields fit the 24-byte inline buffer of an `any SourceMapping`.
struct YAMLScalarMapping: SourceMapping {
    let file: SourceFile
    /// The scalar event's start mark (0-based), which is at its anchor or tag when it has one.
    let line: Int32
    let column: Int32
    /// Characters from the start mark to the end mark, counted as libyaml counts them.
    let length: Int32
    let style: ScalarStyle
    /// Whether an anchor or tag comes before the scalar's text.
    let hasProperties: Bool
    /// The indentation of the block collection holding a block scalar (-1 at the top level); libyaml adds an
    /// explicit indentation indicator (`|2`) to it.
    let parentIndent: Int16

    init(file: SourceFile, event: YAMLEvent.Scalar, parentIndent: Int) {
        self.file = file
        line = Int32(clamping: event.start.line)
        column = Int32(clamping: event.start.column)
        length = Int32(clamping: event.end.index - event.start.index)
        style = event.style
        hasProperties = event.anchor != nil || event.tag != nil
        self.parentIndent = Int16(clamping: parentIndent)
    }

    func position(ofScalarOffset offset: Int) -> SourcePosition {
        var cursor = SourceCursor(file: file, line: Int(line), column: Int(column))
        let end = Int(length)
        if hasProperties { Self.skipProperties(&cursor, end: end) }
        var locator = Locator(target: max(offset, 0), start: cursor.position)
        switch style {
        case .plain: locatePlain(&cursor, &locator, end: end)
        case .singleQuoted, .doubleQuoted: locateQuoted(&cursor, &locator, end: end)
        case .literal, .folded: locateBlock(&cursor, &locator, end: end)
        }
        return locator.found ?? locator.after
    }

    // MARK: - Walks

    /// A plain scalar: runs of non-blank characters joined by blanks (kept) or line breaks (folded).
    private func locatePlain(_ cursor: inout SourceCursor, _ locator: inout Locator, end: Int) {
        while cursor.index < end {
            if cursor.isBlankOrBreak {
                // A run of blanks and breaks only counts when more text of the scalar follows it.
                var probe = cursor
                while probe.index < end, probe.isBlankOrBreak { probe.advance() }
                guard probe.index < end else { return }
                if Self.emitBlankRun(&cursor, &locator, escapedBreak: false) { return }
                continue
            }
            if locator.emit(&cursor, characters: 1) { return }
        }
    }

    /// A single- or double-quoted scalar: like plain, plus `''`, escapes and escaped line breaks.
    private func locateQuoted(_ cursor: inout SourceCursor, _ locator: inout Locator, end: Int) {
        let single = style == .singleQuoted
        cursor.advance()  // the opening quote
        locator.after = cursor.position
        while cursor.index < end, !cursor.atEndOfFile {
            let byte = cursor.byte()
            if single, byte == UInt8(ascii: "'") {
                guard cursor.byte(1) == UInt8(ascii: "'") else { return }
                if locator.emit(&cursor, characters: 2) { return }
            } else if !single, byte == UInt8(ascii: "\"") {
                return
            } else if !single, byte == UInt8(ascii: "\\") {
                if cursor.nextIsBreak {
                    cursor.advance(2)
                    if Self.emitBlankRun(&cursor, &locator, escapedBreak: true) { return }
                } else {
                    if locator.emit(&cursor, characters: 2 + Self.escapeCodeLength(cursor.byte(1))) { return }
                }
            } else if cursor.isBlankOrBreak {
                if Self.emitBlankRun(&cursor, &locator, escapedBreak: false) { return }
            } else {
                if locator.emit(&cursor, characters: 1) { return }
            }
        }
    }

    /// A literal or folded block scalar: content lines with the block's indentation stripped.
    private func locateBlock(_ cursor: inout SourceCursor, _ locator: inout Locator, end: Int) {
        let literal = style == .literal
        cursor.advance()  // '|' or '>'
        var chomping = 0
        var increment = 0
        for _ in 0..<2 {
            let byte = cursor.byte()
            if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                chomping = byte == UInt8(ascii: "+") ? 1 : -1
                cursor.advance()
            } else if byte >= UInt8(ascii: "1"), byte <= UInt8(ascii: "9") {
                increment = Int(byte - UInt8(ascii: "0"))
                cursor.advance()
            }
        }
        while cursor.isBlank { cursor.advance() }
        if cursor.byte() == UInt8(ascii: "#") {
            while !cursor.atEndOfFile, !cursor.isBreak { cursor.advance() }
        }
        if cursor.isBreak { cursor.advance() }
        locator.after = cursor.position

        var indent = 0
        if increment > 0 { indent = parentIndent >= 0 ? Int(parentIndent) + increment : increment }
        var trailing: [Unit] = []
        var leadingBreak: Unit?
        var leadingBreakIsLineFeed = false
        var leadingBlank = false
        Self.scanBlockBreaks(&cursor, indent: &indent, breaks: &trailing, parentIndent: Int(parentIndent))

        while cursor.column - 1 == indent, cursor.index < end, !cursor.atEndOfFile {
            let trailingBlank = cursor.isBlank
            if !literal, leadingBreak != nil, leadingBreakIsLineFeed, !leadingBlank, !trailingBlank {
                if trailing.isEmpty, let lb = leadingBreak, locator.emit(lb) { return }
            } else if let lb = leadingBreak, locator.emit(lb) {
                return
            }
            leadingBreak = nil
            for unit in trailing where locator.emit(unit) { return }
            trailing.removeAll(keepingCapacity: true)
            leadingBlank = cursor.isBlank
            while !cursor.atEndOfFile, !cursor.isBreak {
                if locator.emit(&cursor, characters: 1) { return }
            }
            if cursor.isBreak {
                leadingBreakIsLineFeed = cursor.isLineFeedBreak
                let start = cursor.position
                cursor.advance()
                leadingBreak = Unit(start: start, end: cursor.position)
            }
            Self.scanBlockBreaks(&cursor, indent: &indent, breaks: &trailing, parentIndent: Int(parentIndent))
        }
        if chomping != -1, let lb = leadingBreak, locator.emit(lb) { return }
        if chomping == 1 {
            for unit in trailing where locator.emit(unit) { return }
        }
    }

    // MARK: - Pieces

    /// One character of the value and the source text that produced it.
    struct Unit {
        var start: SourcePosition
        var end: SourcePosition
    }

    /// Counts value characters until the wanted one; remembers where the last one ended.
    struct Locator {
        let target: Int
        var produced = 0
        var found: SourcePosition?
        /// Just past the source of the last value character produced so far.
        var after: SourcePosition

        init(target: Int, start: SourcePosition) {
            self.target = target
            after = start
        }

        /// One value character made from `unit`; true once the wanted one is found.
        mutating func emit(_ unit: Unit) -> Bool {
            if produced == target {
                found = unit.start
                return true
            }
            produced += 1
            after = unit.end
            return false
        }

        /// One value character made from the next `characters` source characters at the cursor.
        mutating func emit(_ cursor: inout SourceCursor, characters: Int) -> Bool {
            let start = cursor.position
            if produced == target {
                found = start
                return true
            }
            cursor.advance(characters)
            produced += 1
            after = cursor.position
            return false
        }
    }

    /// Emits what a run of blanks and line breaks inside a plain or quoted scalar becomes: the blanks themselves
    /// when there is no break; else one space for a single line feed, or one character per further break (an
    /// LS/PS first break is kept too). After an escaped break ("\" at a line end) only the further breaks count.
    private static func emitBlankRun(_ cursor: inout SourceCursor, _ locator: inout Locator, escapedBreak: Bool)
        -> Bool
    {
        var leading: Unit?
        var leadingIsLineFeed = false
        var trailing: [Unit] = []
        var blanks: [Unit] = []
        var sawBreak = escapedBreak
        while cursor.isBlankOrBreak {
            let start = cursor.position
            let isLineFeed = cursor.isLineFeedBreak
            let isBreak = cursor.isBreak
            cursor.advance()
            let unit = Unit(start: start, end: cursor.position)
            if !isBreak {
                if !sawBreak { blanks.append(unit) }
            } else if !sawBreak {
                sawBreak = true
                leading = unit
                leadingIsLineFeed = isLineFeed
            } else {
                trailing.append(unit)
            }
        }
        if !sawBreak {
            for unit in blanks where locator.emit(unit) { return true }
            return false
        }
        if let leading, leadingIsLineFeed {
            if trailing.isEmpty { return locator.emit(leading) }
        } else if let leading, locator.emit(leading) {
            return true
        }
        for unit in trailing where locator.emit(unit) { return true }
        return false
    }

    /// Skips the indentation and empty lines before a block scalar line, collecting the empty lines' breaks and
    /// settling the indentation the first time (the deepest leading blank line, at least one past the parent).
    private static func scanBlockBreaks(
        _ cursor: inout SourceCursor, indent: inout Int, breaks: inout [Unit], parentIndent: Int
    ) {
        var maxIndent = 0
        while true {
            while indent == 0 || cursor.column - 1 < indent, cursor.isSpace { cursor.advance() }
            maxIndent = max(maxIndent, cursor.column - 1)
            guard cursor.isBreak else { break }
            let start = cursor.position
            cursor.advance()
            breaks.append(Unit(start: start, end: cursor.position))
        }
        if indent == 0 { indent = max(maxIndent, parentIndent + 1, 1) }
    }

    /// Skips anchors (`&a`), tags (`!t`, `!<uri>`), blanks, line breaks and comments before a scalar's text.
    private static func skipProperties(_ cursor: inout SourceCursor, end: Int) {
        while cursor.index < end, !cursor.atEndOfFile {
            let byte = cursor.byte()
            if cursor.isBlankOrBreak {
                cursor.advance()
            } else if byte == UInt8(ascii: "#") {
                while !cursor.atEndOfFile, !cursor.isBreak { cursor.advance() }
            } else if byte == UInt8(ascii: "!"), cursor.byte(1) == UInt8(ascii: "<") {
                while !cursor.atEndOfFile, cursor.byte() != UInt8(ascii: ">") { cursor.advance() }
                cursor.advance()
            } else if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "!") {
                cursor.advance()
                while !cursor.atEndOfFile, !cursor.isBlankOrBreak, !isFlowIndicator(cursor.byte()) {
                    cursor.advance()
                }
            } else {
                return
            }
        }
    }

    private static func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
            || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
    }

    /// Hex digits after `\x`, `\u`, `\U`; 0 for the one-letter escapes.
    private static func escapeCodeLength(_ letter: UInt8) -> Int {
        switch letter {
        case UInt8(ascii: "x"): 2
        case UInt8(ascii: "u"): 4
        case UInt8(ascii: "U"): 8
        default: 0
        }
    }
}
