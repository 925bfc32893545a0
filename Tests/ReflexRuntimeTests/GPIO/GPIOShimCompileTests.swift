import Glibc
import ReflexRuntime
import XCTest

/// The GPIO shim's two branches compile: v1 against this machine's gpiod.h (Debian 12's libgpiod 1.6), v2
/// against libgpiod 2.x's headers, which PyPI's `gpiod` sdist carries. The sdist is fetched with pip into
/// .build-libgpiod2/ (ignored by git) on the first run; the test skips only when PyPI cannot be reached.
final class GPIOShimCompileTests: XCTestCase {
    // This file is <repository>/Tests/ReflexRuntimeTests/GPIO/GPIOShimCompileTests.swift.
    private let repository = String(#filePath).split(separator: "/", omittingEmptySubsequences: false).dropLast(4)
        .joined(separator: "/")

    func testTheV1BranchCompilesAgainstTheInstalledLibgpiod() throws {
        try compileShim(expecting: 1, headers: nil)
    }

    func testTheV2BranchCompilesAgainstLibgpiod2Headers() throws {
        let headers = try libgpiod2Headers()
        try compileShim(expecting: 2, headers: headers)
    }

    /// Compiles GPIO.c with every warning an error, insisting on the branch `version`.
    private func compileShim(expecting version: Int, headers: String?) throws {
        var arguments = ["-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"]
        arguments.append("-DREFLEX_EXPECT_GPIOD_API=\(version)")
        if let headers { arguments.append("-I\(headers)") }
        arguments += [
            "-I\(repository)/Sources/CReflexShims/include", "\(repository)/Sources/CReflexShims/GPIO.c",
        ]
        try ChildProcess.run("cc", arguments)
    }

    /// The include folder of libgpiod 2.x from PyPI's gpiod sdist, fetched and unpacked once.
    private func libgpiod2Headers() throws -> String {
        let cache = "\(repository)/.build-libgpiod2"
        let unpacked = "\(cache)/src"
        if access("\(unpacked)/include/gpiod.h", R_OK) == 0 { return "\(unpacked)/include" }
        try ChildProcess.run("mkdir", ["-p", "\(cache)/sdist", unpacked])
        let pip = try ChildProcess(
            "python3",
            [
                "-m", "pip", "download", "--disable-pip-version-check", "--no-deps", "--no-binary", ":all:",
                "--dest", "\(cache)/sdist", "gpiod>=2,<3",
            ])
        let said = pip.readToEnd()
        if pip.wait() != 0 {
            let unreachable = [
                "Failed to establish a new connection", "Temporary failure in name resolution",
                "Network is unreachable", "No route to host", "Connection refused", "timed out",
            ]
            if unreachable.contains(where: { said.contains($0) }) {
                throw XCTSkip("PyPI is unreachable, so libgpiod 2.x's headers cannot be fetched:\n\(said)")
            }
            throw TestFailure("pip download gpiod>=2,<3 failed:\n\(said)")
        }
        let archive =
            try ChildProcess.run("sh", ["-c", "ls \"$0\"/gpiod-2.*.tar.gz | tail -n 1", "\(cache)/sdist"])
            .split(separator: "\n").first.map(String.init) ?? ""
        try ChildProcess.run("tar", ["-xzf", archive, "-C", unpacked, "--strip-components=1"])
        return "\(unpacked)/include"
    }
}
