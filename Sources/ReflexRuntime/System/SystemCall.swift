import Glibc

/// The one place the runtime checks the result of a system call: -1 becomes a `SystemError` with errno and the call.
///
/// EINTR is retried here, because no call the runtime makes through this gate has work to do when a signal
/// interrupts it (the loop blocks the signals it handles and reads them from a signalfd). `close` is the exception
/// and has its own entry: on Linux the descriptor is gone even when close reports EINTR, so it must not be retried.
package enum SystemCall {
    /// Runs `body` until it is not interrupted; a result of -1 throws with the errno it left.
    @discardableResult
    package static func check<Result: BinaryInteger>(
        _ call: @autoclosure () -> String, _ body: () -> Result
    ) throws(SystemError) -> Result {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw SystemError(call: call(), errno: code)
        }
    }

    /// As `check`, for a call on a non-blocking descriptor: nil when it would block (EAGAIN).
    package static func checkNonBlocking<Result: BinaryInteger>(
        _ call: @autoclosure () -> String, _ body: () -> Result
    ) throws(SystemError) -> Result? {
        do throws(SystemError) {
            return try check(call(), body)
        } catch where error.errno == EAGAIN || error.errno == EWOULDBLOCK {
            return nil
        }
    }

    /// Closes a descriptor the caller owns. Never retried (see above); a failure here has nothing left to undo.
    package static func close(_ descriptor: Int32) {
        _ = Glibc.close(descriptor)
    }
}
