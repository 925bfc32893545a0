import Glibc
import ReflexRuntime
import XCTest

/// The GPIO types where no chip is needed: a chip that is not there, and the negative-errno gate they share.
/// Everything that needs a chip is in `GPIOSimInsideTests`, run inside a VM by `GPIOSimTests`.
final class GPIOChipTests: XCTestCase {
    func testAChipThatIsNotThereIsAClearError() {
        XCTAssertThrowsError(try GPIOChip("gpiochip97")) { error in
            XCTAssertEqual((error as? SystemError)?.errno, ENOENT)
            XCTAssertEqual("\(error)", "gpiochip97: No such file or directory (errno 2)")
        }
        XCTAssertThrowsError(try GPIOChip("/dev/gpiochip97")) { error in
            XCTAssertEqual("\(error)", "/dev/gpiochip97: No such file or directory (errno 2)")
        }
    }

    func testAFileThatIsNotAChipIsRefused() {
        XCTAssertThrowsError(try GPIOChip("/dev/null")) { error in
            XCTAssertEqual((error as? SystemError)?.call, "/dev/null")
            XCTAssertNotEqual((error as? SystemError)?.errno, 0)
        }
    }

    func testAnEmptyChipNameIsInvalid() {
        XCTAssertThrowsError(try GPIOChip("")) { error in
            XCTAssertEqual((error as? SystemError)?.errno, EINVAL)
        }
    }

    func testNegativeErrnoResultsBecomeSystemErrorsAndInterruptionsAreRetried() throws {
        XCTAssertEqual(try SystemCall.checkNegatedErrno("count") { 3 }, 3)
        var attempts = 0
        let value = try SystemCall.checkNegatedErrno("retried") {
            attempts += 1
            return attempts < 3 ? -EINTR : 0
        }
        XCTAssertEqual(value, 0)
        XCTAssertEqual(attempts, 3)
        XCTAssertThrowsError(try SystemCall.checkNegatedErrno("gpiochip0 line 17") { -EBUSY }) { error in
            XCTAssertEqual("\(error)", "gpiochip0 line 17: Device or resource busy (errno 16)")
        }
    }

    func testTheLibraryVersionIsOneOfTheTwoTheShimKnows() {
        XCTAssertTrue([1, 2].contains(GPIOChip.libraryVersion))
    }
}
