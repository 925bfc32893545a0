import Foundation

/// Locations of the scenario fixtures, and golden-file comparison.
enum Fixtures {
    static let directory: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Set REFLEX_UPDATE_GOLDEN=1 to rewrite golden files from the current output (then review the diff).
    static var updating: Bool { ProcessInfo.processInfo.environment["REFLEX_UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the golden file, or writes it when updating. Returns a failure message or nil.
    static func compare(_ actual: String, golden: URL) -> String? {
        if updating {
            try? actual.write(to: golden, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOf: golden, encoding: .utf8) else {
            return "missing golden file \(golden.path); run with REFLEX_UPDATE_GOLDEN=1 and review it"
        }
        if expected == actual { return nil }
        return "output differs from \(golden.lastPathComponent)\n--- expected\n\(expected)\n--- actual\n\(actual)"
    }

    /// Fixture paths relative to the fixture folder (`bad/x.yaml`), sorted.
    static func files(in folder: String) -> [String] {
        let dir = directory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().filter { $0.hasSuffix(".yaml") }.map { folder + "/" + $0 }
    }

    /// Runs `body` with the fixture folder as the working directory, so diagnostics show short, stable paths.
    static func inDirectory<T>(_ body: () throws -> T) rethrows -> T {
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(directory.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        return try body()
    }
}
