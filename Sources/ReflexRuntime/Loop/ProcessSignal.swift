import Glibc

/// The process signals the loop takes over: stop requests and the reload request (SPEC §4 `reflex run`).
package enum ProcessSignal: Sendable, Hashable, CaseIterable {
    /// SIGTERM: stop cleanly.
    case terminate
    /// SIGINT (Ctrl-C): stop cleanly.
    case interrupt
    /// SIGHUP: reload the rules.
    case hangUp

    package var number: Int32 {
        switch self {
        case .terminate: SIGTERM
        case .interrupt: SIGINT
        case .hangUp: SIGHUP
        }
    }

    init?(number: Int32) {
        guard let match = Self.allCases.first(where: { $0.number == number }) else { return nil }
        self = match
    }
}
