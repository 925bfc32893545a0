import Glibc

/// The few file-system reads the loader needs, on plain POSIX calls.
package enum FileSystem {
    package enum Kind { case file, directory, other, missing }

    package static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Whether `path` is a regular file this process may read.
    static func isReadableFile(_ path: String) -> Bool {
        kind(path) == .file && access(path, R_OK) == 0
    }

    /// The whole file, or the reason it could not be read.
    package static func read(_ path: String, limit: Int = 64 << 20) -> Result<[UInt8], Errno> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return .failure(Errno(errno)) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Errno(errno))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit { return .failure(Errno(EFBIG)) }
        }
        return .success(bytes)
    }

    /// Entry names of a directory (without `.` and `..`), in byte-wise order.
    package static func entries(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    package static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The last path component without a `.yaml` / `.yml` extension.
    package static func baseName(_ path: String) -> String {
        var p = Substring(path)
        while p.hasSuffix("/") && p.count > 1 { p = p.dropLast() }
        let last = p.split(separator: "/").last.map(String.init) ?? String(p)
        for ext in [".yaml", ".yml"] where last.hasSuffix(ext) { return String(last.dropLast(ext.count)) }
        return last
    }

    static func isRuleFile(_ name: String) -> Bool {
        (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && !name.hasPrefix(".")
    }
}

/// An errno value with its text, for messages.
package struct Errno: Error, CustomStringConvertible {
    var code: Int32
    init(_ code: Int32) { self.code = code }
    package var description: String { String(cString: strerror(code)) }
}
