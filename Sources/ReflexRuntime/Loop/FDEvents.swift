import CReflexShims

/// What a watched descriptor is wanted for (readable / writable) or was found ready for (plus hang-up and error).
///
/// The bits are epoll's own, so the loop passes them through unchanged. Hang-up and error are always reported
/// when they happen, whether asked for or not.
package struct FDEvents: OptionSet, Sendable, Hashable {
    package let rawValue: UInt32

    package init(rawValue: UInt32) { self.rawValue = rawValue }

    package static let readable = FDEvents(rawValue: EPOLLIN.rawValue)
    package static let writable = FDEvents(rawValue: EPOLLOUT.rawValue)
    /// The peer closed the connection (both directions).
    package static let hangUp = FDEvents(rawValue: EPOLLHUP.rawValue)
    /// An error is pending on the descriptor (for a socket: read it with SO_ERROR).
    package static let error = FDEvents(rawValue: EPOLLERR.rawValue)

    /// The part of the set that can be asked for.
    var interest: FDEvents { intersection([.readable, .writable]) }
}
