/// The text of the files diagnostics point into, split into lines on demand.
public struct SourceStore: Sendable {
    private var files: [String: [UInt8]] = [:]

    public init() {}

    public mutating func add(_ file: String, _ bytes: [UInt8]) { files[file] = bytes }

    public mutating func merge(_ other: SourceStore) {
        files.merge(other.files) { a, _ in a }
    }

    /// Line `n` (1-based) of `file` without its line break, decoded leniently.
    public func line(_ n: Int, of file: String) -> String? {
        guard n >= 1, let bytes = files[file] else { return nil }
        var line = 1
        var start = 0
        var i = 0
        while i < bytes.count, line < n {
            if bytes[i] == 0x0A { line += 1; start = i + 1 }
            i += 1
        }
        guard line == n, start <= bytes.count else { return nil }
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        var slice = bytes[start..<end]
        if slice.last == 0x0D { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }
}
