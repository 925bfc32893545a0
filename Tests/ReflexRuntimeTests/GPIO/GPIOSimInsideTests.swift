import Glibc
import ReflexCore
import ReflexRuntime
import XCTest

/// The GPIO types against the kernel's gpio-sim driver. These run only inside the VM that
/// scripts/gpio-sim-vm.sh boots, where a simulated chip exists; `GPIOSimTests` runs them there and reports
/// each one's result. Anywhere else they skip.
///
/// gpio-sim's sysfs folder has, per line N, `sim_gpioN/pull` (writing `pull-up` / `pull-down` drives an input
/// line high / low, as a pull resistor outside the chip would) and `sim_gpioN/value` (what the line is at now,
/// which on an output line is what the program drives). A line starts pulled down.
final class GPIOSimInsideTests: XCTestCase {
    private var chipName = ""
    private var sysfs = ""
    private var loop: EventLoop!

    override func setUpWithError() throws {
        guard let chip = getenv("REFLEX_GPIOSIM_CHIP"), let folder = getenv("REFLEX_GPIOSIM_SYSFS") else {
            throw XCTSkip("runs inside the gpio-sim VM only (GPIOSimTests starts it)")
        }
        chipName = String(cString: chip)
        sysfs = String(cString: folder)
        loop = try EventLoop()
    }

    override func tearDown() {
        loop?.close()
        loop = nil
    }

    func testInputEdgesArriveThroughTheDescriptorWithKernelTimestamps() throws {
        let chip = try GPIOChip(chipName)
        let input = try chip.requestInput(line: 0, bias: .pullDown)
        XCTAssertFalse(try input.value())
        var edges: [InputLine.Edge] = []
        let watch = try watchEdges(of: input) { edges += $0 }
        defer { loop.unwatch(watch) }

        let before = UInt64(DeviceClock().monotonicNanoseconds())
        try pull(line: 0, "pull-up")
        guard loop.run(until: { edges.count >= 1 }, "the rising edge") else { return }
        let after = UInt64(DeviceClock().monotonicNanoseconds())
        XCTAssertEqual(edges.map(\.rising), [true])
        XCTAssertTrue(
            (before...after).contains(edges[0].timestampNanoseconds),
            "the edge's timestamp is on CLOCK_MONOTONIC, between the pull and its reading")
        XCTAssertTrue(try input.value())

        try pull(line: 0, "pull-down")
        guard loop.run(until: { edges.count >= 2 }, "the falling edge") else { return }
        XCTAssertEqual(edges.map(\.rising), [true, false])
        XCTAssertLessThan(edges[0].timestampNanoseconds, edges[1].timestampNanoseconds)
        XCTAssertFalse(try input.value())
        XCTAssertEqual(try input.readEdges(), [], "nothing more is pending, and reading does not block")
    }

    func testActiveLowInputReadsALowLineAsActiveAndARisingLineAsAFallingEdge() throws {
        let chip = try GPIOChip(chipName)
        let input = try chip.requestInput(line: 1, activeLow: true, bias: .pullDown)
        XCTAssertTrue(try input.value(), "a low line is active")
        var edges: [InputLine.Edge] = []
        let watch = try watchEdges(of: input) { edges += $0 }
        defer { loop.unwatch(watch) }

        try pull(line: 1, "pull-up")
        guard loop.run(until: { edges.count >= 1 }, "the edge") else { return }
        XCTAssertEqual(edges.map(\.rising), [false])
        XCTAssertFalse(try input.value())
        try pull(line: 1, "pull-down")
    }

    func testBiasIsAppliedToTheLine() throws {
        let chip = try GPIOChip(chipName)
        let up = try chip.requestInput(line: 2, bias: .pullUp)
        XCTAssertEqual(try read("sim_gpio2/pull"), "pull-up")
        XCTAssertTrue(try up.value(), "pulled up, the line reads high")
        up.release()
        let down = try chip.requestInput(line: 2, bias: .pullDown)
        XCTAssertEqual(try read("sim_gpio2/pull"), "pull-down")
        XCTAssertFalse(try down.value(), "pulled down, the line reads low")
        down.release()
        let disabled = try chip.requestInput(line: 2, bias: .disabled)
        XCTAssertNoThrow(try disabled.value())
    }

    func testOutputIsDrivenAsRequestedFromTheStartAndOnEachSet() throws {
        let chip = try GPIOChip(chipName)
        let output = try chip.requestOutput(line: 3, initial: true)
        XCTAssertEqual(try read("sim_gpio3/value"), "1")
        XCTAssertTrue(try output.value())
        try output.set(false)
        XCTAssertEqual(try read("sim_gpio3/value"), "0")
        XCTAssertFalse(try output.value())
        try output.set(true)
        XCTAssertEqual(try read("sim_gpio3/value"), "1")
    }

    func testActiveLowOutputDrivesTheLineInverted() throws {
        let chip = try GPIOChip(chipName)
        let output = try chip.requestOutput(line: 4, initial: true, activeLow: true)
        XCTAssertEqual(try read("sim_gpio4/value"), "0", "active is low")
        XCTAssertTrue(try output.value())
        try output.set(false)
        XCTAssertEqual(try read("sim_gpio4/value"), "1")
        XCTAssertFalse(try output.value())
    }

    func testReleasedOutputIsNoLongerDriven() throws {
        let chip = try GPIOChip(chipName)
        let output = try chip.requestOutput(line: 5, initial: true)
        XCTAssertEqual(try read("sim_gpio5/value"), "1")
        output.release()
        XCTAssertEqual(try read("sim_gpio5/value"), "0", "released, the line falls back to its pull")
        XCTAssertThrowsError(try output.set(true)) { error in
            XCTAssertEqual((error as? SystemError)?.errno, EBADF)
        }
    }

    func testALineHeldElsewhereIsBusy() throws {
        let holder = try GPIOChip(chipName)
        let held = try holder.requestOutput(line: 6, initial: false)
        let chip = try GPIOChip(chipName)
        XCTAssertThrowsError(try chip.requestInput(line: 6)) { error in
            let failure = error as? SystemError
            XCTAssertEqual(failure?.errno, EBUSY)
            XCTAssertEqual(failure?.description, "\(self.chipName) line 6: Device or resource busy (errno 16)")
        }
        held.release()
        XCTAssertNoThrow(try chip.requestInput(line: 6), "free again once released")
    }

    func testAMissingChipAndALineBeyondTheChipAreClearErrors() throws {
        XCTAssertThrowsError(try GPIOChip("gpiochip9")) { error in
            XCTAssertEqual("\(error)", "gpiochip9: No such file or directory (errno 2)")
        }
        let chip = try GPIOChip(chipName)
        XCTAssertThrowsError(try chip.requestOutput(line: 8, initial: false)) { error in
            XCTAssertEqual((error as? SystemError)?.errno, EINVAL)
            XCTAssertEqual((error as? SystemError)?.call, "\(self.chipName) line 8")
        }
    }

    // MARK: - Helpers

    /// Watches the line's descriptor and hands each batch of edges read to `received`.
    private func watchEdges(of input: InputLine, _ received: @escaping ([InputLine.Edge]) -> Void) throws -> FDWatch {
        try loop.watch(input.descriptor, for: .readable) { _ in
            do {
                received(try input.readEdges())
            } catch {
                XCTFail("reading edges failed: \(error)")
            }
        }
    }

    /// Drives input line `line` high (`pull-up`) or low (`pull-down`) from outside the chip.
    private func pull(line: Int, _ level: String) throws {
        let path = "\(sysfs)/sim_gpio\(line)/pull"
        let descriptor = try SystemCall.check("open(\(path))") { open(path, O_WRONLY | O_CLOEXEC) }
        defer { SystemCall.close(descriptor) }
        try SystemCall.check("write(\(path))") { write(descriptor, level, level.utf8.count) }
    }

    /// A sysfs attribute of the simulated chip, without its newline.
    private func read(_ attribute: String) throws -> String {
        let path = "\(sysfs)/\(attribute)"
        let descriptor = try SystemCall.check("open(\(path))") { open(path, O_RDONLY | O_CLOEXEC) }
        defer { SystemCall.close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = try buffer.withUnsafeMutableBytes { bytes in
            try SystemCall.check("read(\(path))") { Glibc.read(descriptor, bytes.baseAddress, bytes.count) }
        }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
