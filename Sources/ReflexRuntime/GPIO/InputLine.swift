import CReflexShims
import Glibc

/// A GPIO line held as an input that reports both edges, read through a descriptor the event loop waits on.
///
/// The edges come with the kernel's CLOCK_MONOTONIC timestamp, taken when the edge happened rather than when the
/// loop got round to it. Debouncing is the engine's (ReflexCore's `Debouncer`), so it works the same on libgpiod v1,
/// whose kernel interface cannot debounce, and in the simulator.
package final class InputLine {
    /// One edge: when the kernel saw it and which way the line went (after active-low).
    package struct Edge: Sendable, Equatable {
        package var timestampNanoseconds: UInt64
        package var rising: Bool

        package init(timestampNanoseconds: UInt64, rising: Bool) {
            self.timestampNanoseconds = timestampNanoseconds
            self.rising = rising
        }
    }

    package let chip: GPIOChip
    package let line: Int
    /// The descriptor to watch for `.readable`; non-blocking, valid until `release()`.
    package let descriptor: Int32
    /// The shim's line request, owned here and released once; only used on the loop's thread.
    private var handle: OpaquePointer?

    init(chip: GPIOChip, line: Int, handle: OpaquePointer) throws(SystemError) {
        self.chip = chip
        self.line = line
        self.handle = handle
        do throws(SystemError) {
            descriptor = try SystemCall.checkNegatedErrno(GPIOChip.describe(line, on: chip.name) + ": descriptor") {
                reflex_gpio_line_fd(handle)
            }
        } catch {
            reflex_gpio_release(handle)
            throw error
        }
    }

    deinit { release() }

    /// The edges pending now, oldest first; empty when none are (the descriptor is non-blocking).
    package func readEdges() throws(SystemError) -> [Edge] {
        let handle = try held("read edges")
        var edges: [Edge] = []
        var batch = [reflex_gpio_edge](repeating: reflex_gpio_edge(), count: 16)
        while true {
            let count = try batch.withUnsafeMutableBufferPointer { (buffer) throws(SystemError) -> Int32 in
                try SystemCall.checkNegatedErrno(GPIOChip.describe(line, on: chip.name) + ": read edges") {
                    reflex_gpio_read_edges(handle, buffer.baseAddress, buffer.count)
                }
            }
            for edge in batch.prefix(Int(count)) {
                edges.append(Edge(timestampNanoseconds: edge.timestamp_ns, rising: edge.rising != 0))
            }
            if Int(count) < batch.count { return edges }
        }
    }

    /// The line's level now (logical: true is active, after active-low).
    package func value() throws(SystemError) -> Bool {
        let handle = try held("get value")
        return try SystemCall.checkNegatedErrno(GPIOChip.describe(line, on: chip.name) + ": get value") {
            reflex_gpio_get_value(handle)
        } != 0
    }

    /// Gives the line back to the kernel; the descriptor is closed with it. Unwatch it from the loop first.
    package func release() {
        guard let handle else { return }
        reflex_gpio_release(handle)
        self.handle = nil
    }

    private func held(_ what: String) throws(SystemError) -> OpaquePointer {
        guard let handle else {
            throw SystemError(call: GPIOChip.describe(line, on: chip.name) + ": " + what, errno: EBADF)
        }
        return handle
    }
}
