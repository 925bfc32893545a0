import ReflexConfig
import ReflexCore

/// Reads scenario files (SPEC §3) into scenarios with positioned diagnostics.
public struct ScenarioLoader: Sendable {
    public var timezoneDirectory: String

    public init(timezoneDirectory: String = "/usr/share/zoneinfo") {
        self.timezoneDirectory = timezoneDirectory
    }

    /// Reads, parses and decodes one scenario file.
    public func load(path: String) -> LoadedScenario {
        switch FileSystem.kind(path) {
        case .file:
            break
        case .missing:
            return failure(path, "no such file or directory")
        case .directory, .other:
            return failure(path, "not a scenario file")
        }
        switch FileSystem.read(path) {
        case .success(let bytes):
            return load(bytes: bytes, file: path)
        case .failure(let e):
            return failure(path, "cannot read the file: \(e)")
        }
    }

    /// Decodes a scenario given as text (tests and tools); `file` names it in diagnostics and anchors `rules`.
    public func load(text: String, file: String) -> LoadedScenario {
        load(bytes: Array(text.utf8), file: file)
    }

    public func load(bytes: [UInt8], file: String) -> LoadedScenario {
        var sources = SourceStore()
        let parsed = YAMLLoader.load(bytes, file: file)
        sources.add(parsed.source)
        var diagnostics = parsed.diagnostics
        var draft: ScenarioDraft?
        if let root = parsed.root, !parsed.diagnostics.hasErrors {
            var decoder = ScenarioDecoder(timezoneDirectory: timezoneDirectory)
            draft = decoder.decode(root, file: file)
            diagnostics += decoder.diagnostics
        } else if parsed.root == nil, parsed.diagnostics.isEmpty {
            diagnostics.append(.error("the scenario file is empty; it needs at least 'rules', 'start' and 'duration'",
                                      at: .file(file)))
        }
        diagnostics = diagnostics.sortedForReading()
        let scenario = diagnostics.hasErrors ? nil : draft?.scenario
        return LoadedScenario(file: file, scenario: scenario, diagnostics: diagnostics, sources: sources, draft: draft)
    }

    private func failure(_ path: String, _ message: String) -> LoadedScenario {
        LoadedScenario(file: path, scenario: nil, diagnostics: [.error(message, at: .file(path))],
                       sources: SourceStore(), draft: nil)
    }
}
