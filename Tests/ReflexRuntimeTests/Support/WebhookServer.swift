import Foundation
import Glibc
import ReflexRuntime

/// A real HTTP endpoint for one test (Fixtures/webhook_server.py on a free loopback port) that answers per a plan
/// and reports every request it reads; the reports are read on the event loop, so waiting for one is a loop run.
final class WebhookServer {
    /// One request as the server read it, and when the loop saw it (monotonic milliseconds).
    struct Request {
        var method: String
        var path: String
        /// Header names in lower case.
        var headers: [String: String]
        var body: String
        var seenAt: Int64
    }

    let port: Int
    private(set) var requests: [Request] = []
    private let child: ChildProcess
    private let output: Int32
    private let loop: EventLoop
    private var watch: FDWatch?
    private var pending = ""

    /// Starts the server with `plan` (path → answers, see the script) and waits for its "ready" line.
    init(plan: [String: [String]], loop: EventLoop) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/webhook_server.py").path
        let planText = String(decoding: try JSONSerialization.data(withJSONObject: plan), as: UTF8.self)
        child = try ChildProcess("python3", [script, planText])
        var text = ""
        guard child.read(until: "\n", timeout: 10_000, into: &text), text.hasPrefix("ready "),
            let port = Int(text.dropFirst(6).prefix { $0 != "\n" })
        else {
            throw TestFailure("the webhook server did not start:\n\(text)")
        }
        self.port = port
        self.loop = loop
        output = child.takeOutput()
        pending = String(text.drop { $0 != "\n" }.dropFirst())
        watch = try loop.watch(output, for: .readable) { [unowned self] _ in readReports() }
        parse()
    }

    deinit { stop() }

    /// The URL of `path` on this server.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Kills the server and stops reading its reports.
    func stop() {
        guard let watch else { return }
        loop.unwatch(watch)
        self.watch = nil
        child.kill()
        close(output)
    }

    /// The requests made to `path`, in order.
    func requests(to path: String) -> [Request] { requests.filter { $0.path == path } }

    private func readReports() {
        guard let chunk = ChildProcess.read(output, waitingAtMost: 0) else { return }
        if chunk.isEmpty {
            if let watch { loop.unwatch(watch) }
            watch = nil
            return
        }
        pending += String(decoding: chunk, as: UTF8.self)
        parse()
    }

    private func parse() {
        while let end = pending.firstIndex(of: "\n") {
            let line = pending[..<end]
            pending = String(pending[pending.index(after: end)...])
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                continue
            }
            requests.append(
                Request(
                    method: object["method"] as? String ?? "", path: object["path"] as? String ?? "",
                    headers: object["headers"] as? [String: String] ?? [:], body: object["body"] as? String ?? "",
                    seenAt: loop.clock.monotonicMilliseconds()))
        }
    }
}
