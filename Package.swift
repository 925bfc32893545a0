// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Reflex",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "reflex", targets: ["reflex"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CMosquitto",
            pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CGPIOD",
            pkgConfig: "libgpiod",
            providers: [.apt(["libgpiod-dev"])]
        ),
        .target(name: "CReflexShims", dependencies: ["CGPIOD"]),
        .target(name: "ReflexCore"),
        .target(name: "ReflexConfig", dependencies: ["ReflexCore", "CYAML"]),
        .target(name: "ReflexSimulator", dependencies: ["ReflexCore", "ReflexConfig"]),
        .target(
            name: "ReflexRuntime",
            dependencies: ["ReflexCore", "ReflexConfig", "CReflexShims", "CMosquitto", "CSQLite", "CCurl"]
        ),
        .executableTarget(
            name: "reflex",
            dependencies: [
                "ReflexCore", "ReflexConfig", "ReflexSimulator", "ReflexRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ReflexCoreTests", dependencies: ["ReflexCore"]),
        .testTarget(
            name: "ReflexConfigTests",
            dependencies: ["ReflexConfig", "ReflexCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ReflexSimulatorTests",
            dependencies: ["ReflexSimulator", "ReflexConfig", "ReflexCore"],
            exclude: ["Fixtures", "Golden"]
        ),
        .testTarget(
            name: "ReflexRuntimeTests",
            dependencies: ["ReflexRuntime", "ReflexCore"],
            exclude: ["Fixtures", "GPIO/ShimCheck"]
        ),
        .testTarget(name: "ReflexCLITests", dependencies: ["reflex"], exclude: ["Fixtures", "Golden"]),
    ],
    swiftLanguageModes: [.v6]
)

// Benchmarks (ordo-one/benchmark, with malloc counting) build only when asked for, so that the test suite
// does not pay for building the harness: `REFLEX_BENCHMARKS=1 swift package benchmark`. See BENCHMARKS.md.
if Context.environment["REFLEX_BENCHMARKS"] != nil {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"])
    )
    package.targets.append(
        .executableTarget(
            name: "ReflexBenchmarks",
            dependencies: ["ReflexCore", "ReflexConfig", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/ReflexBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}
