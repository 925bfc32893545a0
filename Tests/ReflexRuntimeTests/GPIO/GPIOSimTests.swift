import Glibc
import ReflexRuntime
import XCTest

/// Runs `GPIOSimInsideTests` inside a qemu VM with the kernel's gpio-sim driver (scripts/gpio-sim-vm.sh) and
/// reports each of them here; in the same boot, the C `shim-check` runs with the shim built against the installed
/// libgpiod (v1 on Debian 12) and against libgpiod 2.x, so the v2 branch is proven on a chip too. The VM boots once for the whole class; its first run on a machine also downloads
/// the kernel packages and builds the driver (about a minute), later runs only boot (about 10-20 s under TCG).
final class GPIOSimTests: XCTestCase {
    /// What the one boot printed, and the exit status of the test bundle inside it.
    private struct Boot: Sendable {
        var status: Int32
        var output: String
        /// Why shim-check was not built with libgpiod 2.x (PyPI unreachable), or nil.
        var v2Missing: String?
    }

    private static let boot: Result<Boot, TestFailure> = runInsideTheVM()

    func testInputEdgesArriveThroughTheDescriptorWithKernelTimestamps() throws {
        try assertPassedInside(#function)
    }

    func testActiveLowInputReadsALowLineAsActiveAndARisingLineAsAFallingEdge() throws {
        try assertPassedInside(#function)
    }

    func testBiasIsAppliedToTheLine() throws {
        try assertPassedInside(#function)
    }

    func testOutputIsDrivenAsRequestedFromTheStartAndOnEachSet() throws {
        try assertPassedInside(#function)
    }

    func testActiveLowOutputDrivesTheLineInverted() throws {
        try assertPassedInside(#function)
    }

    func testReleasedOutputIsNoLongerDriven() throws {
        try assertPassedInside(#function)
    }

    func testALineHeldElsewhereIsBusy() throws {
        try assertPassedInside(#function)
    }

    func testAMissingChipAndALineBeyondTheChipAreClearErrors() throws {
        try assertPassedInside(#function)
    }

    func testEveryTestInsideRanAndTheBundleExitedCleanly() throws {
        let boot = try Self.boot.get()
        XCTAssertEqual(boot.status, 0, boot.output)
        XCTAssertTrue(boot.output.contains("Executed 8 tests, with 0 failures"), boot.output)
    }

    func testTheShimBuiltWithTheInstalledLibgpiodPassesItsChecksOnTheChip() throws {
        let boot = try Self.boot.get()
        assertChecksPassed(in: boot.output, program: "shim-check-installed", version: GPIOChip.libraryVersion)
    }

    func testTheShimBuiltWithLibgpiod2PassesItsChecksOnTheChip() throws {
        let boot = try Self.boot.get()
        if let why = boot.v2Missing { throw XCTSkip(why) }
        assertChecksPassed(in: boot.output, program: "shim-check-v2", version: 2)
    }

    /// Fails unless `program`'s section of the output says it ran against libgpiod `version` and passed all.
    private func assertChecksPassed(
        in output: String, program: String, version: Int, file: StaticString = #filePath, line: UInt = #line
    ) {
        let lines = output.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("== ") && $0.hasSuffix("/\(program)") }),
            let end = lines[start...].firstIndex(where: { $0.hasPrefix("== ") && $0.contains("/\(program) exited") })
        else {
            return XCTFail("\(program) did not run inside the VM:\n\(output)", file: file, line: line)
        }
        let section = lines[start...end].joined(separator: "\n")
        XCTAssertTrue(lines[end].hasSuffix("exited with 0"), section, file: file, line: line)
        XCTAssertTrue(section.contains("libgpiod API \(version)"), section, file: file, line: line)
        XCTAssertTrue(section.contains("all checks passed"), section, file: file, line: line)
        XCTAssertFalse(section.contains("FAILED"), section, file: file, line: line)
    }

    /// Fails unless the test of this name in `GPIOSimInsideTests` passed inside the VM.
    private func assertPassedInside(_ function: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let boot = try Self.boot.get()
        let name = function.hasSuffix("()") ? String(function.dropLast(2)) : function
        let passed = "Test Case 'GPIOSimInsideTests.\(name)' passed"
        XCTAssertTrue(
            boot.output.contains(passed), "\(name) did not pass inside the VM:\n\(boot.output)", file: file, line: line)
    }

    /// Boots the VM and runs, each against a chip in its first state: this test bundle limited to
    /// `GPIOSimInsideTests`, then `shim-check` built with the installed libgpiod and with libgpiod 2.x.
    private static func runInsideTheVM() -> Result<Boot, TestFailure> {
        do {
            let bundle = try executablePath()
            let installed = try ShimBuilds.checkWithInstalledLibgpiod()
            var v2 = "-"
            var v2Missing: String?
            do {
                v2 = try ShimBuilds.checkWithLibgpiod2()
            } catch let skip as XCTSkip {
                v2Missing = "\(skip)"
            }
            // Between programs every line is pulled down again: nothing holds them then, so this makes no edges.
            let script = """
                reset() { for pull in "$REFLEX_GPIOSIM_SYSFS"/sim_gpio*/pull; do echo pull-down > "$pull"; done; }
                "$0" ReflexRuntimeTests.GPIOSimInsideTests; status=$?
                for check in "$1" "$2"; do
                    [ "$check" = - ] && continue
                    reset
                    echo "== $check"
                    "$check" "$REFLEX_GPIOSIM_CHIP" "$REFLEX_GPIOSIM_SYSFS"
                    echo "== $check exited with $?"
                done
                exit $status
                """
            let child = try ChildProcess(
                "\(ShimBuilds.repository)/scripts/gpio-sim-vm.sh", ["--", "sh", "-c", script, bundle, installed, v2])
            let output = child.readToEnd()
            let status = child.wait()
            if status == 125 { return .failure(TestFailure("the gpio-sim VM did not run the tests:\n\(output)")) }
            return .success(Boot(status: status, output: output, v2Missing: v2Missing))
        } catch let failure as TestFailure {
            return .failure(failure)
        } catch {
            return .failure(TestFailure("cannot start the gpio-sim VM: \(error)"))
        }
    }

    /// This test bundle's executable (on Linux the .xctest is itself the program that runs the tests).
    private static func executablePath() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = try SystemCall.check("readlink(/proc/self/exe)") {
            readlink("/proc/self/exe", &buffer, buffer.count - 1)
        }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
