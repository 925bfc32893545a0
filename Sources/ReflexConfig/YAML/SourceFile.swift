import ReflexCore

/// The bytes of one loaded file and where its lines start, shared (immutable) by every node that came from it.
///
/// Lines break where libyaml breaks them (LF, CR LF, CR, NEL, LS, PS), so the line numbers here agree with the
/// positions the YAML parser reports. A leading UTF-8 byte order mark is not part of line 1.
public final class SourceFile: Sendable {
    /// The file name used in diagnostics.
    public let path: String
    /// The file's bytes as read.
    let bytes: [UInt8]
    /// Byte offset where each line starts; `lineStarts[0]` is line 1.
    let lineStarts: [Int]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        self.lineStarts = SourceFile.findLineStarts(bytes)
    }

    /// How many lines the file has (an empty file has one empty line).
    public var lineCount: Int { lineStarts.count }

    /// The text of line `n` (1-based) without its line break, or nil past the end. Invalid UTF-8 shows as U+FFFD.
    public func line(_ n: Int) -> String? {
        guard n >= 1, n <= lineStarts.count else { return nil }
        let start = lineStarts[n - 1]
        var end = start
        while end < bytes.count, SourceFile.lineBreakWidth(bytes, at: end) == 0 { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The 1-based position of a byte offset: the line it is on and the Unicode scalars before it on that line.
    func position(ofByteOffset offset: Int) -> SourcePosition {
        let offset = min(max(offset, 0), bytes.count)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var column = 1
        var i = lineStarts[low]
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: low + 1, column: column)
    }

    /// The byte offset of a libyaml mark (0-based line, 0-based column in characters).
    func byteOffset(line: Int, column: Int) -> Int {
        guard line >= 0 else { return 0 }
        guard line < lineStarts.count else { return bytes.count }
        var offset = lineStarts[line]
        var remaining = column
        while remaining > 0, offset < bytes.count {
            offset += SourceFile.scalarWidth(bytes[offset])
            remaining -= 1
        }
        return min(offset, bytes.count)
    }

    /// The number of bytes of the line break at `offset` (CR LF counts as one break), or 0 if there is none.
    static func lineBreakWidth(_ bytes: [UInt8], at offset: Int) -> Int {
        switch bytes[offset] {
        case 0x0A: return 1
        case 0x0D: return offset + 1 < bytes.count && bytes[offset + 1] == 0x0A ? 2 : 1
        case 0xC2: return offset + 1 < bytes.count && bytes[offset + 1] == 0x85 ? 2 : 0
        case 0xE2:
            guard offset + 2 < bytes.count, bytes[offset + 1] == 0x80 else { return 0 }
            return bytes[offset + 2] == 0xA8 || bytes[offset + 2] == 0xA9 ? 3 : 0
        default: return 0
        }
    }

    /// The length of the UTF-8 sequence a leading byte announces (1 for anything malformed).
    static func scalarWidth(_ leading: UInt8) -> Int {
        if leading < 0x80 { return 1 }
        if leading & 0xE0 == 0xC0 { return 2 }
        if leading & 0xF0 == 0xE0 { return 3 }
        if leading & 0xF8 == 0xF0 { return 4 }
        return 1
    }

    private static func findLineStarts(_ bytes: [UInt8]) -> [Int] {
        let hasByteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        var starts = [hasByteOrderMark ? 3 : 0]
        starts.reserveCapacity(bytes.count / 24 + 1)
        var i = starts[0]
        while i < bytes.count {
            let byte = bytes[i]
            // Only these lead bytes can begin a line break; skip everything else quickly.
            if byte != 0x0A, byte != 0x0D, byte != 0xC2, byte != 0xE2 {
                i += 1
                continue
            }
            let width = lineBreakWidth(bytes, at: i)
            if width == 0 {
                i += 1
            } else {
                i += width
                starts.append(i)
            }
        }
        return starts
    }
}
