import ArgumentParser
import Glibc
import ReflexConfig
import ReflexCore

/// The `reflex` command line (SPEC §4).
struct Reflex: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reflex",
        abstract: "Rule-based edge automation: compile, check, graph, test and run rule sets.",
        subcommands: [Check.self, Test.self, Simulate.self, Run.self, Graph.self, Schema.self]
    )
}

/// Exit codes, decided in one place.
enum ExitStatus {
    static let ok: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 2

    /// `reflex test` and `reflex simulate`: usage, an invalid scenario or a rule set with errors before a failed
    /// expectation (SPEC §4).
    static func scenarios(failed: Int, invalid: Int) -> Int32 {
        invalid > 0 ? usage : failed > 0 ? failure : ok
    }
}

/// Runs the command line; usage errors exit 2 (SPEC §4), not ArgumentParser's 64.
@main
enum Main {
    static func main() {
        do {
            var command = try Reflex.parseAsRoot()
            try command.run()
        } catch {
            let code = Reflex.exitCode(for: error)
            if code == .validationFailure {
                Output.error(Reflex.fullMessage(for: error))
                Output.error("Run 'reflex --help' for the commands.")
                exit(ExitStatus.usage)
            }
            Reflex.exit(withError: error)
        }
    }
}

/// Writing to standard output and standard error without buffering surprises.
enum Output {
    static func print(_ text: String) {
        var t = text
        if !t.hasSuffix("\n") { t += "\n" }
        write(1, t)
    }

    static func raw(_ text: String) { write(1, text) }

    /// Writes `text` to a new or truncated file; the reason it could not, or nil.
    static func write(_ text: String, toFile path: String) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { return String(cString: strerror(errno)) }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                return reason
            }
            offset += n
        }
        return close(fd) == 0 ? nil : String(cString: strerror(errno))
    }

    static func error(_ text: String) {
        var t = text
        if !t.hasSuffix("\n") { t += "\n" }
        write(2, t)
    }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 { if errno == EINTR { continue } else { return } }
            offset += n
        }
    }
}
