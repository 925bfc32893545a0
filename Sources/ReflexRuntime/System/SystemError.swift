import CReflexShims

/// A failed system call: which call, and the errno it left.
package struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call as the code made it, such as `epoll_ctl(ADD)`.
    package let call: String
    package let errno: Int32

    package init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// The C library's text for the errno, such as "Connection refused".
    package var reason: String { Self.text(for: errno) }

    package var description: String { "\(call): \(reason) (errno \(errno))" }

    /// The C library's text for an errno value; safe on any thread.
    package static func text(for code: Int32) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
            String(cString: reflex_error_text(code, buffer.baseAddress, buffer.count))
        }
    }
}
