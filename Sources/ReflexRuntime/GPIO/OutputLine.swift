import CReflexShims
import Glibc

/// A GPIO line held as an output: driven from the moment it is requested until it is released.
package final class OutputLine {
    package let chip: GPIOChip
    package let line: Int
    /// The shim's line request, owned here and released once; only used on the loop's thread.
    private var handle: OpaquePointer?

    init(chip: GPIOChip, line: Int, handle: OpaquePointer) {
        self.chip = chip
        self.line = line
        self.handle = handle
    }

    deinit { release() }

    /// Drives the line to a logical value (true is active, after active-low).
    package func set(_ value: Bool) throws(SystemError) {
        let handle = try held("set value")
        try SystemCall.checkNegatedErrno(GPIOChip.describe(line, on: chip.name) + ": set value") {
            reflex_gpio_set_value(handle, value ? 1 : 0)
        }
    }

    /// The value the line is driven to (logical).
    package func value() throws(SystemError) -> Bool {
        let handle = try held("get value")
        return try SystemCall.checkNegatedErrno(GPIOChip.describe(line, on: chip.name) + ": get value") {
            reflex_gpio_get_value(handle)
        } != 0
    }

    /// Gives the line back to the kernel, which then stops driving it.
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
