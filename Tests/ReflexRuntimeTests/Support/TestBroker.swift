import Foundation
import Glibc
import Synchronization

/// A real mosquitto broker for one test: its own config in a temporary directory, a listener on a free loopback
/// port, started with `-v`, and ready once its log says it is running. Killed (SIGKILL) when the test ends.
final class TestBroker {
    let directory: String
    let port: Int
    private let listenerOptions: [String]
    private let generalOptions: [String]
    private var child: ChildProcess?
    /// Everything the broker logged, for failure messages.
    let log = BrokerLog()

    /// `listenerOptions` go under the listener (TLS files), `generalOptions` before it (authentication).
    init(listenerOptions: [String] = [], generalOptions: [String] = ["allow_anonymous true"]) throws {
        directory = try Self.makeDirectory()
        port = try Self.freePort()
        self.listenerOptions = listenerOptions
        self.generalOptions = generalOptions
        try start()
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts the broker on `port` (again, after `kill`) and waits for it to be running.
    func start() throws {
        precondition(child == nil, "the broker is running")
        let user = getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "root"
        // Run as whoever runs the tests (as root, mosquitto would switch to a user who cannot read the keys).
        let preamble = ["user \(user)", "persistence false", "set_tcp_nodelay true"]
        let config = preamble + generalOptions + ["listener \(port) 127.0.0.1"] + listenerOptions
        let path = directory + "/mosquitto.conf"
        try (config.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let process = try ChildProcess("mosquitto", ["-c", path, "-v"])
        var text = ""
        guard process.read(until: " running", timeout: 10_000, into: &text) else {
            process.kill()
            throw TestFailure("mosquitto did not start:\n\(text)")
        }
        log.append(text)
        child = process
        // Keep reading its log, so that a verbose broker never blocks on a full pipe. The thread closes the pipe
        // itself, at end of file (when the broker has died): closed any earlier, its number could go to the pipe
        // of the next broker while the thread still reads it.
        let output = process.takeOutput()
        let log = self.log
        Thread {
            while let chunk = ChildProcess.read(output, waitingAtMost: -1), !chunk.isEmpty {
                log.append(String(decoding: chunk, as: UTF8.self))
            }
            close(output)
        }.start()
    }

    /// Kills the broker at once, as a crash or power cut would; its clients see their connections drop.
    func kill() {
        child?.kill()
        child = nil
    }

    /// A file in the broker's directory.
    func path(_ name: String) -> String { directory + "/" + name }

    private static func makeDirectory() throws -> String {
        var template = Array("/tmp/reflex-broker-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed: errno \(errno)") }
        return String(cString: made)
    }

    /// A loopback port nothing listens on: bind port 0, read the port the kernel chose, close.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket failed: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else { throw TestFailure("binding a free port failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// The broker's log, appended by the thread that drains its output.
final class BrokerLog: Sendable {
    private let text = Mutex("")

    func append(_ more: String) { text.withLock { $0 += more } }

    var contents: String { text.withLock { $0 } }
}
