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
    /// Where the shim writes the edges it reads, allocated once for the line's life.
    private let batch: UnsafeMutablePointer<reflex_gpio_edge>
    private static let batchSize = 16

    init(chip: GPIOChip, line: Int, handle: OpaquePointer) throws(SystemError) {
        self.chip = chip
        self.line = line
        self.handle = handle
        batch = .allocate(capacity: Self.batchSize)
        batch.initialize(repeating: reflex_gpio_edge(), count: Self.batchSize)
        do throws(SystemError) {
            descriptor = try SystemCall.checkNegatedErrno(GPIOChip.describe(line, on: chip.name) + ": descriptor") {
                reflex_gpio_line_fd(handle)
            }
        } catch {
            reflex_gpio_release(handle)
            batch.deallocate()
            throw error
        }
    }

    deinit {
        release()
        batch.deallocate()
    }

    /// Reads the edges pending now and hands each to `body`, oldest first; returns how many there were (0 when
    /// none are: the descriptor is non-blocking). Allocates nothing, so the loop can call it on every wake-up.
    @discardableResult
    package func readEdges(_ body: (Edge) -> Void) throws(SystemError) -> Int {
        let handle = try held("read edges")
        var total = 0
        while true {
            let count = try SystemCall.checkNegatedErrno(GPIOChip.describe(line, on: chip.name) + ": read edges") {
                reflex_gpio_read_edges(handle, batch, Self.batchSize)
            }
            for index in 0..<Int(count) {
                body(Edge(timestampNanoseconds: batch[index].timestamp_ns, rising: batch[index].rising != 0))
            }
            total += Int(count)
            if Int(count) < Self.batchSize { return total }
        }
    }

    /// The edges pending now, as an array (which allocates: for tests and start-up, not the loop's hot path).
    package func readEdges() throws(SystemError) -> [Edge] {
        var edges: [Edge] = []
        try readEdges { edges.append($0) }
        return edges
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
