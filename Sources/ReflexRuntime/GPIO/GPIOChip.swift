import CReflexShims
import Glibc
import ReflexCore

/// An open GPIO chip (`/dev/gpiochipN`), through which input and output lines are requested.
///
/// Bound to the loop's thread like everything the loop drives: not Sendable. The chip stays open while any line
/// requested from it is alive, because each line keeps a reference to it; it closes when the last one goes.
package final class GPIOChip {
    /// The chip as the rule file named it: `gpiochip0`, `0` or `/dev/gpiochip0`.
    package let name: String
    /// The shim's chip, owned by this object alone and closed in deinit; only used on the loop's thread.
    private let handle: OpaquePointer

    /// Opens the chip; a missing chip throws `<name>: No such file or directory`.
    package init(_ name: String) throws(SystemError) {
        var opened: OpaquePointer?
        try SystemCall.checkNegatedErrno(name) { reflex_gpio_chip_open(name, &opened) }
        guard let opened else { throw SystemError(call: name, errno: EIO) }
        self.name = name
        self.handle = opened
    }

    deinit { reflex_gpio_chip_close(handle) }

    /// Which libgpiod major version Reflex was built with (1 on Debian 12, 2 on Debian 13).
    package static var libraryVersion: Int { Int(reflex_gpio_api_version()) }

    /// Requests `line` as an input that reports both edges; a line another program holds throws EBUSY.
    package func requestInput(
        line: Int, activeLow: Bool = false, bias: Bias = .asIs, consumer: String = "reflex"
    ) throws(SystemError) -> InputLine {
        let offset = try Self.offset(line, on: name)
        var requested: OpaquePointer?
        try SystemCall.checkNegatedErrno(Self.describe(line, on: name)) {
            reflex_gpio_request_input(handle, offset, consumer, activeLow ? 1 : 0, bias.shimValue, &requested)
        }
        guard let requested else { throw SystemError(call: Self.describe(line, on: name), errno: EIO) }
        return try InputLine(chip: self, line: line, handle: requested)
    }

    /// Requests `line` as an output driven to `initial` (logical, after active-low) from the moment it is held.
    package func requestOutput(
        line: Int, initial: Bool, activeLow: Bool = false, consumer: String = "reflex"
    ) throws(SystemError) -> OutputLine {
        let offset = try Self.offset(line, on: name)
        var requested: OpaquePointer?
        try SystemCall.checkNegatedErrno(Self.describe(line, on: name)) {
            reflex_gpio_request_output(handle, offset, consumer, activeLow ? 1 : 0, initial ? 1 : 0, &requested)
        }
        guard let requested else { throw SystemError(call: Self.describe(line, on: name), errno: EIO) }
        return OutputLine(chip: self, line: line, handle: requested)
    }

    /// How errors name a line: `gpiochip0 line 17`.
    static func describe(_ line: Int, on chip: String) -> String { "\(chip) line \(line)" }

    private static func offset(_ line: Int, on chip: String) throws(SystemError) -> UInt32 {
        guard let offset = UInt32(exactly: line) else {
            throw SystemError(call: describe(line, on: chip), errno: EINVAL)
        }
        return offset
    }
}

extension Bias {
    fileprivate var shimValue: reflex_gpio_bias {
        switch self {
        case .asIs: REFLEX_GPIO_BIAS_AS_IS
        case .disabled: REFLEX_GPIO_BIAS_DISABLED
        case .pullUp: REFLEX_GPIO_BIAS_PULL_UP
        case .pullDown: REFLEX_GPIO_BIAS_PULL_DOWN
        }
    }
}
