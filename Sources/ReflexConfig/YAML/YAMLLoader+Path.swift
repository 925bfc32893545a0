import ReflexCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension YAMLLoader {
    /// Reads and parses the file at `path`; a file that cannot be read is reported as a diagnostic.
    public static func load(path: String) -> YAMLLoadResult {
        switch readFile(path) {
        case .success(let bytes):
            return load(bytes, file: path)
        case .failure(let failure):
            let diagnostic = Diagnostic.error("cannot read '\(path)': \(failure.reason)", at: .file(path))
            return YAMLLoadResult(root: nil, diagnostics: [diagnostic], source: SourceFile(path: path, bytes: []))
        }
    }

    /// Why a file could not be read: the failing call and the system's words for its errno.
    struct ReadFailure: Error {
        var call: String
        var errno: Int32

        var reason: String { String(cString: strerror(errno)) }
    }

    /// The whole file, read with plain POSIX calls (a loop, since `read` may return less than asked).
    static func readFile(_ path: String) -> Result<[UInt8], ReadFailure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadFailure(call: "open", errno: errno)) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadFailure(call: "read", errno: errno))
            }
            if count == 0 { return .success(bytes) }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}
