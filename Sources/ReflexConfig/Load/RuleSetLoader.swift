import Glibc
import ReflexCore

/// Where a rule set comes from: one file, or the rule files of one directory (merged in byte-wise name order).
public struct RuleSetSource: Sendable, Hashable {
    /// The path as given (a file or a directory).
    public var path: String
    public var files: [String]
}

/// A rule set read from disk: the merged model (nil when the files could not be read as rule files),
/// the diagnostics of reading it, and the file contents for rendering those diagnostics.
public struct LoadedRuleSet: Sendable {
    public var source: RuleSetSource
    public var ruleSet: RuleSet?
    public var diagnostics: [Diagnostic]
    public var sources: SourceStore
}

/// Reads rule files and directories into rule sets.
public struct RuleSetLoader: Sendable {
    public var environment: [String: String]
    public var timezoneDirectory: String

    public init(environment: [String: String] = ProcessEnvironment.current(),
                timezoneDirectory: String = "/usr/share/zoneinfo")
    {
        self.environment = environment
        self.timezoneDirectory = timezoneDirectory
    }

    /// Turns command-line paths into rule sets. A file is a rule set; a directory holding rule files is one
    /// rule set; a directory holding none but holding directories is a collection: each sub-directory with
    /// rule files is a rule set of its own.
    public func resolve(_ paths: [String]) -> (sets: [RuleSetSource], diagnostics: [Diagnostic]) {
        var sets: [RuleSetSource] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            switch FileSystem.kind(path) {
            case .file:
                sets.append(RuleSetSource(path: path, files: [path]))
            case .directory:
                let files = Self.ruleFiles(in: path)
                if !files.isEmpty {
                    sets.append(RuleSetSource(path: path, files: files))
                    continue
                }
                var found = false
                for name in FileSystem.entries(path) where !name.hasPrefix(".") {
                    let sub = FileSystem.join(path, name)
                    guard FileSystem.kind(sub) == .directory else { continue }
                    let subFiles = Self.ruleFiles(in: sub)
                    if !subFiles.isEmpty {
                        sets.append(RuleSetSource(path: sub, files: subFiles))
                        found = true
                    }
                }
                if !found {
                    diagnostics.append(.error("no rule files (*.yaml, *.yml) in this directory", at: .file(path)))
                }
            case .missing:
                diagnostics.append(.error("no such file or directory", at: .file(path)))
            case .other:
                diagnostics.append(.error("not a rule file or directory", at: .file(path)))
            }
        }
        return (sets, diagnostics)
    }

    /// The rule files directly in a directory, in byte-wise name order.
    static func ruleFiles(in directory: String) -> [String] {
        FileSystem.entries(directory).filter(FileSystem.isRuleFile).map { FileSystem.join(directory, $0) }
            .filter { FileSystem.kind($0) == .file }
    }

    /// Reads, parses and decodes every file of a rule set and merges them.
    public func load(_ source: RuleSetSource) -> LoadedRuleSet {
        assemble(source, source.files.map { file in (file, FileSystem.read(file)) })
    }

    /// Loads a rule set given as text (tests and tools); `file` names it in diagnostics.
    public func load(text: String, file: String) -> LoadedRuleSet {
        load(bytes: Array(text.utf8), file: file)
    }

    /// Loads a rule set given as bytes (which need not be valid UTF-8); `file` names it in diagnostics.
    public func load(bytes: [UInt8], file: String) -> LoadedRuleSet {
        assemble(RuleSetSource(path: file, files: [file]), [(file, .success(bytes))])
    }

    /// Parses and decodes each file's contents (in merge order) and merges them into one rule set.
    private func assemble(_ source: RuleSetSource, _ files: [(String, Result<[UInt8], Errno>)]) -> LoadedRuleSet {
        var store = SourceStore()
        var diagnostics: [Diagnostic] = []
        var contents: [RuleFileDecoder.Contents] = []
        for (file, read) in files {
            let bytes: [UInt8]
            switch read {
            case .success(let b): bytes = b
            case .failure(let e):
                diagnostics.append(.error("cannot read the file: \(e)", at: .file(file)))
                continue
            }
            let parsed = YAMLLoader.load(bytes, file: file)
            store.add(parsed.source)
            diagnostics += parsed.diagnostics
            guard let root = parsed.root else {
                if parsed.diagnostics.isEmpty {
                    diagnostics.append(.error("the rule file is empty; it must start with 'reflex: 1'", at: .file(file)))
                }
                continue
            }
            if parsed.diagnostics.hasErrors { continue }
            var decoder = RuleFileDecoder(environment: environment, timezoneDirectory: timezoneDirectory)
            contents.append(decoder.decode(root))
            diagnostics += decoder.diagnostics
        }
        let merged = merge(contents, siteDefault: FileSystem.baseName(source.path), files: source.files,
                           diagnostics: &diagnostics)
        return LoadedRuleSet(source: source, ruleSet: merged, diagnostics: diagnostics, sources: store)
    }

    private func merge(_ contents: [RuleFileDecoder.Contents], siteDefault: String, files: [String],
                       diagnostics: inout [Diagnostic]) -> RuleSet?
    {
        guard !contents.isEmpty else { return nil }
        func once<T>(_ values: [Located<T>], _ key: String) -> Located<T>? {
            for later in values.dropFirst() {
                diagnostics.append(.error("'\(key)' is given in more than one file of this rule set", at: later.range,
                                          notes: [.init("first given here", at: values[0].range)]))
            }
            return values.first
        }
        let site = once(contents.compactMap(\.site), "site")
        var set = RuleSet(site: site ?? Located(Self.siteName(siteDefault), at: .file(files.first ?? "")))
        set.files = files
        set.timezone = once(contents.compactMap(\.timezone), "timezone")
        let mqtts = contents.compactMap(\.mqtt)
        if let first = mqtts.first {
            for later in mqtts.dropFirst() {
                diagnostics.append(.error("'mqtt' is given in more than one file of this rule set", at: later.range,
                                          notes: [.init("first given here", at: first.range)]))
            }
            set.mqtt = first
        }
        for c in contents {
            set.inputs += c.inputs
            set.outputs += c.outputs
            set.states += c.states
            set.vars += c.vars
            set.notifiers += c.notifiers
            set.rules += c.rules
            set.failedNames.formUnion(c.failedNames)
        }
        return set
    }

    /// A usable site name from a file or folder name.
    static func siteName(_ base: String) -> String {
        let mapped = base.lowercased().unicodeScalars.map { c -> Character in
            (("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_") ? Character(c) : "-"
        }
        let name = String(mapped)
        return name.isEmpty ? "reflex" : name
    }
}

/// The process environment as a dictionary (read once, when asked).
public enum ProcessEnvironment {
    public static func current() -> [String: String] {
        var out: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                out[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            p += 1
        }
        return out
    }
}
