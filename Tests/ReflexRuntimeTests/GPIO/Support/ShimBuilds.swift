import Glibc
import XCTest

/// Builds of the GPIO shim outside SwiftPM: against libgpiod 2.x, whose sources come from PyPI's `gpiod` sdist
/// (fetched with pip into the ignored .build-libgpiod2/ on first use), and `shim-check`, the shim's API
/// exercised in C, linked with either version for GPIOSimTests to run inside the gpio-sim VM.
enum ShimBuilds {
    /// The checkout this file is in: <repository>/Tests/ReflexRuntimeTests/GPIO/Support/ShimBuilds.swift.
    static let repository = String(#filePath).split(separator: "/", omittingEmptySubsequences: false).dropLast(5)
        .joined(separator: "/")
    static let cache = "\(repository)/.build-libgpiod2"
    static let shimInclude = "\(repository)/Sources/CReflexShims/include"
    static let shimSource = "\(repository)/Sources/CReflexShims/GPIO.c"
    static let checkSource = "\(repository)/Tests/ReflexRuntimeTests/GPIO/ShimCheck/shim-check.c"

    /// The unpacked libgpiod 2.x sources (include/, lib/); throws XCTSkip only when PyPI cannot be reached.
    static func libgpiod2() throws -> String {
        let unpacked = "\(cache)/src"
        if access("\(unpacked)/include/gpiod.h", R_OK) == 0 { return unpacked }
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
                "Network is unreachable", "No route to host", "Connection refused", "timed out", "ProxyError",
                "Max retries exceeded",
            ]
            if unreachable.contains(where: { said.contains($0) }) {
                throw XCTSkip("PyPI is unreachable, so libgpiod 2.x's sources cannot be fetched:\n\(said)")
            }
            throw TestFailure("pip download gpiod>=2,<3 failed:\n\(said)")
        }
        let listing = try ChildProcess.run("sh", ["-c", "ls \"$0\"/gpiod-2.*.tar.gz | tail -n 1", "\(cache)/sdist"])
        let archive = listing.split(separator: "\n").first.map(String.init) ?? ""
        try ChildProcess.run("tar", ["-xzf", archive, "-C", unpacked, "--strip-components=1"])
        return unpacked
    }

    /// `shim-check` with the shim built against the installed libgpiod (v1 on Debian 12).
    static func checkWithInstalledLibgpiod() throws -> String {
        let program = "\(cache)/shim-check-installed"
        try ChildProcess.run("mkdir", ["-p", cache])
        try ChildProcess.run("cc", strict + [checkSource, shimSource, "-lgpiod", "-o", program])
        return program
    }

    /// `shim-check` with the shim built against libgpiod 2.x, compiled from its sources and linked in.
    static func checkWithLibgpiod2() throws -> String {
        let sources = try libgpiod2()
        let objects = "\(cache)/lib-objects"
        let program = "\(cache)/shim-check-v2"
        try ChildProcess.run("mkdir", ["-p", objects])
        // libgpiod's own files, built as its build does (GNU extensions, version strings given on the command line).
        let library = [
            "cd \"$0\" && cc -std=gnu11 -O1 -D_GNU_SOURCE -DGPIOD_VERSION_STR='\"2\"'",
            "-DGPIOD_API_VERSION_STR='\"2\"' -I\"$1/include\" -I\"$1/lib\" -c \"$1\"/lib/*.c",
        ].joined(separator: " ")
        try ChildProcess.run("sh", ["-c", library, objects, sources])
        let linked = try ChildProcess.run("sh", ["-c", "ls \"$0\"/*.o", objects]).split(separator: "\n").map(
            String.init)
        try ChildProcess.run(
            "cc",
            strict + ["-DREFLEX_EXPECT_GPIOD_API=2", "-I\(sources)/include", checkSource, shimSource] + linked
                + ["-o", program])
        return program
    }

    /// Every warning an error, for the shim and the check.
    private static var strict: [String] { ["-std=c11", "-Wall", "-Wextra", "-Werror", "-O1", "-I\(shimInclude)"] }
}
