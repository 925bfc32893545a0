import Glibc

/// Where `reflex simulate` streams its trace: standard output or a file, written in large chunks as the run
/// goes, so that a long scenario's trace is never held in memory.
final class TraceOutput {
    private let fd: Int32
    private let owned: Bool
    private var buffer: [UInt8] = []
    /// The first write error, if any (the rest of the trace is then dropped).
    private(set) var failure: String?
    private static let chunk = 1 << 16

    /// Standard output.
    init() {
        fd = 1
        owned = false
        buffer.reserveCapacity(Self.chunk)
    }

    /// A file, created or truncated; nil with the reason when it cannot be opened.
    init(path: String) throws(OpenFailure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw OpenFailure(reason: String(cString: strerror(errno))) }
        self.fd = fd
        owned = true
        buffer.reserveCapacity(Self.chunk)
    }

    struct OpenFailure: Error {
        var reason: String
    }

    /// One line; the newline is added.
    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= Self.chunk { flush() }
    }

    func flush() {
        var offset = 0
        while offset < buffer.count, failure == nil {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
            } else {
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and, for a file, closes it; the reason when something was not written.
    func finish() -> String? {
        flush()
        if owned, close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        return failure
    }
}
