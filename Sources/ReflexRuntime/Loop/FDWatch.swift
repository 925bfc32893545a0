/// A descriptor registered with an `EventLoop`: the token to change or end the registration with.
///
/// Each registration has its own id, never reused, so a readiness report still queued for a descriptor that was
/// unwatched (and whose number may since belong to a new one) is dropped rather than sent to the wrong handler.
package struct FDWatch: Hashable, Sendable {
    let id: UInt64
    /// The descriptor as registered.
    package let descriptor: Int32
}
