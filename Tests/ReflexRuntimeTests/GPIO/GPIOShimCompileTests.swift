import Glibc
import ReflexRuntime
import XCTest

/// The GPIO shim's two branches compile: v1 against this machine's gpiod.h (Debian 12's libgpiod 1.6), v2
/// against libgpiod 2.x's headers, which PyPI's `gpiod` sdist carries (`ShimBuilds` fetches it). That both
/// also work against a chip is GPIOSimTests' part.
final class GPIOShimCompileTests: XCTestCase {
    func testTheV1BranchCompilesAgainstTheInstalledLibgpiod() throws {
        try compileShim(expecting: 1, headers: nil)
    }

    func testTheV2BranchCompilesAgainstLibgpiod2Headers() throws {
        let sources = try ShimBuilds.libgpiod2()
        try compileShim(expecting: 2, headers: "\(sources)/include")
    }

    /// Compiles GPIO.c with every warning an error, insisting on the branch `version`.
    private func compileShim(expecting version: Int, headers: String?) throws {
        var arguments = ["-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"]
        arguments.append("-DREFLEX_EXPECT_GPIOD_API=\(version)")
        if let headers { arguments.append("-I\(headers)") }
        arguments += ["-I\(ShimBuilds.shimInclude)", ShimBuilds.shimSource]
        try ChildProcess.run("cc", arguments)
    }
}
