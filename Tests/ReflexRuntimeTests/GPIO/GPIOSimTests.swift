import Glibc
import ReflexRuntime
import XCTest

/// Runs `GPIOSimInsideTests` inside a qemu VM with the kernel's gpio-sim driver (scripts/gpio-sim-vm.sh) and
/// reports each of them here. The VM boots once for the whole class; its first run on a machine also downloads
/// the kernel packages and builds the driver (about a minute), later runs only boot (about 10-20 s under TCG).
final class GPIOSimTests: XCTestCase {
    /// What the one boot printed, and the exit status of the test bundle inside it.
    private struct Boot: Sendable {
        var status: Int32
        var output: String
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

    /// Fails unless the test of this name in `GPIOSimInsideTests` passed inside the VM.
    private func assertPassedInside(_ function: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let boot = try Self.boot.get()
        let name = function.hasSuffix("()") ? String(function.dropLast(2)) : function
        let passed = "Test Case 'GPIOSimInsideTests.\(name)' passed"
        XCTAssertTrue(
            boot.output.contains(passed), "\(name) did not pass inside the VM:\n\(boot.output)", file: file, line: line)
    }

    /// Boots the VM and runs this test bundle inside it, limited to `GPIOSimInsideTests`.
    private static func runInsideTheVM() -> Result<Boot, TestFailure> {
        // This file is <repository>/Tests/ReflexRuntimeTests/GPIO/GPIOSimTests.swift.
        let repository = String(#filePath).split(separator: "/", omittingEmptySubsequences: false).dropLast(4)
            .joined(separator: "/")
        do {
            let bundle = try executablePath()
            let child = try ChildProcess(
                "\(repository)/scripts/gpio-sim-vm.sh", ["--", bundle, "ReflexRuntimeTests.GPIOSimInsideTests"])
            let output = child.readToEnd()
            let status = child.wait()
            if status == 125 { return .failure(TestFailure("the gpio-sim VM did not run the tests:\n\(output)")) }
            return .success(Boot(status: status, output: output))
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
