import ReflexCore

/// Steps through a file's bytes one character at a time, counting lines, columns and characters as libyaml does.
///
/// `index` counts characters the way libyaml's `mark.index` does (a CR LF pair counts 2), so it can be compared
/// with the length of a token taken from libyaml marks.
struct SourceCursor {
    let bytes: [UInt8]
    private(set) var offset: Int
    /// 1-based.
    private(set) var line: Int
    /// 1-based, in Unicode scalars.
    private(set) var column: Int
    /// Characters consumed since the cursor was made.
    private(set) var index = 0

    init(file: SourceFile, line: Int, column: Int) {
        bytes = file.bytes
        offset = file.byteOffset(line: line, column: column)
        self.line = line + 1
        self.column = column + 1
    }

    var position: SourcePosition { SourcePosition(line: line, column: column) }

    var atEndOfFile: Bool { offset >= bytes.count }

    /// The byte `k` bytes ahead (ASCII checks only), or 0 past the end.
    func byte(_ k: Int = 0) -> UInt8 {
        offset + k < bytes.count ? bytes[offset + k] : 0
    }

    var isBlank: Bool { !atEndOfFile && (bytes[offset] == 0x20 || bytes[offset] == 0x09) }

    var isSpace: Bool { !atEndOfFile && bytes[offset] == 0x20 }

    var isBreak: Bool { !atEndOfFile && SourceFile.lineBreakWidth(bytes, at: offset) > 0 }

    /// A line feed, CR, CR LF or NEL: the breaks libyaml turns into "\n" (LS and PS are kept as they are).
    var isLineFeedBreak: Bool { isBreak && (byte() == 0x0A || byte() == 0x0D || byte() == 0xC2) }

    var isBlankOrBreak: Bool { isBlank || isBreak }

    /// Whether the byte after the current character is a line break (for "\" before a break).
    var nextIsBreak: Bool {
        let next = offset + 1
        return next < bytes.count && SourceFile.lineBreakWidth(bytes, at: next) > 0
    }

    /// Moves past one character; a line break (CR LF included) moves to the start of the next line.
    mutating func advance() {
        guard !atEndOfFile else { return }
        let breakWidth = SourceFile.lineBreakWidth(bytes, at: offset)
        if breakWidth > 0 {
            index += breakWidth == 2 && bytes[offset] == 0x0D ? 2 : 1
            offset += breakWidth
            line += 1
            column = 1
        } else {
            offset = min(offset + SourceFile.scalarWidth(bytes[offset]), bytes.count)
            index += 1
            column += 1
        }
    }

    mutating func advance(_ count: Int) {
        for _ in 0..<count { advance() }
    }
}
