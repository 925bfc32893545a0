import ArgumentParser
import Glibc
import ReflexConfig
import ReflexCore
import ReflexRuntime

/// `reflex run [PATH]`: run one rule set on the device until SIGTERM or SIGINT (SPEC §4).
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a rule set on the device: MQTT inputs and outputs, notifiers; SIGHUP reloads the rules.",
        discussion: """
            PATH is one rule set (a rule file or a directory of rule files; default rules/). SIGTERM or SIGINT \
            drives every output with a `safe` value to it, publishes the offline status and exits 0. Exit \
            status: 0 on a clean stop, 1 when the rule set has errors or cannot run here, 2 usage.
            """
    )

    @Argument(help: "The rule set: a rule file or a directory of rule files (default: rules/).")
    var paths: [String] = []

    @Option(name: .customLong("state-dir"), help: "Where the outbox and kept state live (created if missing).")
    var stateDirectory = "/var/lib/reflex"

    @Flag(help: "Drive nothing, publish nothing, store no notification: log what would be done.")
    var dryRun = false

    @Option(help: "Log format on standard error: text (a line per event) or json (trace lines).")
    var logFormat: RuntimeLog.Format = .text

    func run() throws {
        let loader = RuleSetLoader()
        let sets = try ruleSets(paths, loader)
        guard sets.count == 1, let source = sets.first else {
            Output.error("reflex run: runs one rule set; \(sets.count) were given (\(sets.map(\.path).joined(separator: ", ")))")
            throw ExitCode(ExitStatus.usage)
        }
        let check = RuleSetCheck(loader.load(source))
        let diagnostics = check.rendered()
        if !diagnostics.isEmpty { Output.error(diagnostics) }
        guard check.errorCount == 0, let program = check.program else { throw ExitCode(ExitStatus.failure) }
        let zone: TimeZoneRules
        switch program.timezone.map({ TimeZoneLoader.load(name: $0) }) ?? .success(TimeZoneLoader.system()) {
        case .success(let rules): zone = rules
        case .failure(let error): throw Self.refuse("\(error)")
        }
        if !dryRun, let reason = Self.makeDirectory(stateDirectory) {
            throw Self.refuse("cannot create the state directory '\(stateDirectory)': \(reason)")
        }
        let configuration = DeviceRuntime.Configuration(
            program: program, zone: zone, stateDirectory: stateDirectory, dryRun: dryRun)
        let runtime: DeviceRuntime
        do {
            runtime = try DeviceRuntime(configuration, log: RuntimeLog(format: logFormat, zone: zone))
        } catch {
            throw Self.refuse(error.message)
        }
        runtime.reload = { Self.recompile(source.path) }
        do {
            try runtime.run()
        } catch {
            throw Self.refuse("\(error)")
        }
        throw ExitCode(ExitStatus.ok)
    }

    static func refuse(_ message: String) -> ExitCode {
        Output.error("reflex run: \(message)")
        return ExitCode(ExitStatus.failure)
    }

    /// The rule set at `path` compiled again (its files listed again), or its diagnostics.
    static func recompile(_ path: String) -> Result<Program, RuntimeRefusal> {
        let loader = RuleSetLoader()
        let resolved = loader.resolve([path])
        guard resolved.diagnostics.isEmpty, let source = resolved.sets.first else {
            return .failure(RuntimeRefusal(DiagnosticRenderer(sources: SourceStore()).text(resolved.diagnostics)))
        }
        let check = RuleSetCheck(loader.load(source))
        guard check.errorCount == 0, let program = check.program else { return .failure(RuntimeRefusal(check.rendered())) }
        return .success(program)
    }

    /// `mkdir -p`: nil when `path` is a directory now, else the reason it is not.
    static func makeDirectory(_ path: String) -> String? {
        var made = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            made += "/" + part
            if mkdir(made, 0o755) != 0 && errno != EEXIST { return String(cString: strerror(errno)) }
        }
        var status = stat()
        guard stat(path, &status) == 0 else { return String(cString: strerror(errno)) }
        return (status.st_mode & S_IFMT) == S_IFDIR ? nil : "it is not a directory"
    }
}

extension RuntimeLog.Format: ExpressibleByArgument {}
