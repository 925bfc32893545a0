import Glibc
import ReflexRuntime

/// A program the tests run (the broker, openssl, mosquitto_passwd), started with posix_spawn so the test owns its
/// pid, waits for it with waitpid, and reads its output (stdout and stderr together) from a pipe.
///
/// The child starts with an empty signal mask and default dispositions: the event loop blocks SIGTERM, SIGINT and
/// SIGHUP in the test thread, and a child must not inherit that.
///
/// The pipe is non-blocking and every read waits in poll first, so a wait always ends at its time limit.
final class ChildProcess {
    let pid: pid_t
    /// The read end of the child's stdout + stderr; nil once handed over with `takeOutput()`.
    private var output: Int32?
    private var reaped = false

    init(_ program: String, _ arguments: [String]) throws {
        let executable = try Self.locate(program)
        var ends: [Int32] = [0, 0]
        // pipe2 is not in Swift's Glibc module; nothing else spawns while the tests set this up.
        try SystemCall.check("pipe") { pipe(&ends) }
        for end in ends { try SystemCall.check("fcntl(F_SETFD)") { fcntl(end, F_SETFD, FD_CLOEXEC) } }
        try SystemCall.check("fcntl(F_SETFL)") { fcntl(ends[0], F_SETFL, O_NONBLOCK) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child = pid_t()
        let code = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        Glibc.close(ends[1])
        guard code == 0 else {
            Glibc.close(ends[0])
            throw SystemError(call: "posix_spawn(\(executable))", errno: code)
        }
        pid = child
        output = ends[0]
    }

    deinit {
        kill()
        if let output { Glibc.close(output) }
    }

    /// Hands the read end of the output to the caller, who closes it (after end of file: see `TestBroker`).
    func takeOutput() -> Int32 {
        defer { output = nil }
        return output!
    }

    /// Runs a program to its end; throws with its output unless it exits 0.
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let child = try ChildProcess(program, arguments)
        let text = child.readToEnd()
        let status = child.wait()
        guard status == 0 else {
            throw TestFailure("\(program) \(arguments.joined(separator: " ")) exited with \(status):\n\(text)")
        }
        return text
    }

    /// Reads output until `marker` appears (true), or the child closes its output or `timeout` milliseconds pass
    /// (false); `text` gets everything read.
    func read(until marker: String, timeout: Int64, into text: inout String) -> Bool {
        let clock = DeviceClock()
        let deadline = clock.monotonicMilliseconds() + timeout
        while !text.contains(marker) {
            let left = deadline - clock.monotonicMilliseconds()
            guard left > 0, let chunk = Self.read(output!, waitingAtMost: Int32(left)), !chunk.isEmpty else {
                return false
            }
            text += String(decoding: chunk, as: UTF8.self)
        }
        return true
    }

    /// Everything the child writes until it closes its output.
    func readToEnd() -> String {
        var bytes: [UInt8] = []
        while let chunk = Self.read(output!, waitingAtMost: -1), !chunk.isEmpty { bytes += chunk }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The next bytes from a non-blocking pipe, waiting in poll for at most `milliseconds` (-1: no limit): empty at
    /// end of file, nil when the time is up.
    static func read(_ descriptor: Int32, waitingAtMost milliseconds: Int32) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var wanted = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&wanted, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            return count > 0 ? Array(buffer[0..<count]) : []
        }
    }

    /// Waits for the child to exit; its exit status, or 128 + the signal that ended it.
    @discardableResult
    func wait() -> Int32 {
        guard !reaped else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Ends the child at once (SIGKILL) and reaps it.
    func kill() {
        guard !reaped else { return }
        Glibc.kill(pid, SIGKILL)
        wait()
    }

    private static func locate(_ program: String) throws -> String {
        if program.hasPrefix("/") { return program }
        let path = getenv("PATH").map { String(cString: $0) } ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        for directory in directories where access("\(directory)/\(program)", X_OK) == 0 {
            return "\(directory)/\(program)"
        }
        throw TestFailure("'\(program)' is not installed; scripts/test.sh installs what the tests need")
    }
}

/// A failure in the tests' own set-up, with what to do about it.
struct TestFailure: Error, CustomStringConvertible, Sendable {
    let description: String
    init(_ description: String) { self.description = description }
}
