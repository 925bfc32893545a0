import CMosquitto
import Glibc

/// Why the MQTT driver could not connect, stay connected, or do what it was asked.
package struct BrokerError: Error, Sendable, CustomStringConvertible {
    enum Reason: Sendable {
        /// A libmosquitto call (or a code the library reported through a callback) failed.
        case library(call: String, code: Int32, errno: Int32)
        /// The broker answered CONNECT with a refusal (bad credentials, not authorised, ...).
        case refused(String)
        /// The broker did not answer within the keepalive interval (also the limit for a connection to complete).
        case keepalive
        /// The broker closed the connection.
        case closed
        /// A socket error the driver read itself (SO_ERROR), such as a refused TCP connection.
        case socket(SystemError)
        /// A setting that cannot be used: a missing environment variable, an unreadable file, a bad argument.
        case settings(String)
    }

    let reason: Reason
    /// What the library logged about the failure, such as OpenSSL's reason for rejecting a certificate.
    package var detail: String?

    init(_ reason: Reason, detail: String? = nil) {
        self.reason = reason
        self.detail = detail
    }

    /// The libmosquitto code (`MOSQ_ERR_*`) when the library reported the failure.
    package var libraryCode: Int32? {
        if case .library(_, let code, _) = reason { return code }
        return nil
    }

    /// The errno behind the failure, when there is one.
    package var errno: Int32? {
        switch reason {
        case .library(_, let code, let errno) where code == MOSQ_ERR_ERRNO.rawValue: errno
        case .socket(let error): error.errno
        default: nil
        }
    }

    package var description: String {
        let base: String
        switch reason {
        case .library(let call, let code, let errno): base = "\(Self.text(code: code, errno: errno)) (\(call))"
        case .refused(let why): base = "the broker refused the connection: \(why)"
        case .keepalive: base = "no answer from the broker within the keepalive interval"
        case .closed: base = "the broker closed the connection"
        case .socket(let error): base = "\(error.reason) (\(error.call))"
        case .settings(let message): base = message
        }
        guard let detail, !detail.isEmpty else { return base }
        return "\(base): \(detail)"
    }

    /// libmosquitto's text for a code; for MOSQ_ERR_ERRNO and MOSQ_ERR_EAI, the system's text for the cause.
    static func text(code: Int32, errno: Int32) -> String {
        if code == MOSQ_ERR_ERRNO.rawValue { return SystemError.text(for: errno) }
        if code == MOSQ_ERR_EAI.rawValue { return "host lookup failed: " + String(cString: gai_strerror(errno)) }
        return String(cString: mosquitto_strerror(code))
    }
}
