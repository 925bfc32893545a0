import Foundation

/// Locations of test fixtures and the repository, and golden-file comparison.
enum Fixtures {
    /// The repository root.
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

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

    /// Files directly in a fixture folder with one of the extensions, sorted.
    static func files(in folder: String, extensions: [String] = ["yaml"]) -> [URL] {
        let dir = directory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0) }.filter { extensions.contains($0.pathExtension) }
    }

    static func subdirectories(in folder: String) -> [URL] {
        let dir = directory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0) }.filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDir) && isDir.boolValue
        }
    }
}
