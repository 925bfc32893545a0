import Foundation
import Glibc
import ReflexCore
import XCTest

@testable import ReflexRuntime

/// Crash safety: a child process adding notifications (and failing to send them to an endpoint that is down) is
/// killed with SIGKILL at arbitrary points, again and again; then the outbox is reopened with the endpoint up,
/// and every notification the child had been told was stored must arrive, duplicates only with the same key.
///
/// The child is this test bundle run again with one test selected (`testChildAddingNotifications`), which does
/// its work only when the parent sets `REFLEX_OUTBOX_CRASH_DB`; that avoids an executable target for tests only.
final class OutboxCrashTests: XCTestCase {
    private static let databaseVariable = "REFLEX_OUTBOX_CRASH_DB"
    private static let roundVariable = "REFLEX_OUTBOX_CRASH_ROUND"

    func testEveryStoredNotificationArrivesAfterRepeatedKills() throws {
        let directory = NSTemporaryDirectory() + "reflex-crash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/outbox.db"
        let bundle = try Self.ownExecutable()
        // Stored, as the child reported: id → message, in the order stored.
        var stored: [(id: String, message: String)] = []
        setenv(Self.databaseVariable, path, 1)
        defer {
            unsetenv(Self.databaseVariable)
            unsetenv(Self.roundVariable)
        }
        var generator = SystemRandomNumberGenerator()
        for round in 1...6 {
            setenv(Self.roundVariable, "\(round)", 1)
            let child = try ChildProcess(bundle, ["ReflexRuntimeTests.OutboxCrashTests/testChildAddingNotifications"])
            var text = ""
            // Killed after a varying number of notifications; it goes on adding while the parent reads.
            let wanted = Int.random(in: 5...40, using: &generator)
            let marker = "stored \(round)-\(wanted) "
            guard child.read(until: marker, timeout: 30_000, into: &text) else {
                XCTFail("round \(round): the child did not get to \(wanted):\n\(text)")
                return
            }
            child.kill()
            text += child.readToEnd()
            for line in text.split(separator: "\n") where line.hasPrefix("stored ") {
                let parts = line.split(separator: " ")
                guard parts.count == 3 else { continue }
                stored.append((id: String(parts[2]), message: String(parts[1])))
            }
        }
        XCTAssertGreaterThanOrEqual(stored.count, 6 * 5)

        let loop = try EventLoop()
        defer { loop.close() }
        let outbox = try Outbox(path: path, site: "crash")
        let server = try WebhookServer(plan: ["/hook": ["200"]], loop: loop)
        defer { server.stop() }
        let courier = NotificationCourier(
            outbox: outbox, routes: ["hook": .webhook(WebhookTarget(url: server.url("/hook")))], loop: loop,
            retry: Backoff(initial: 10, maximum: 10, jitter: 0)
        ) { report in
            if case .failed(let error) = report { XCTFail("\(error)") }
        }
        courier.pump()
        loop.run(for: 60, until: { (try? outbox.head(of: "hook")) == nil }, "the outbox to empty")
        XCTAssertEqual(try outbox.entries(), [])

        // Every stored notification arrived, with its own key.
        var arrived: [String: String] = [:]
        var firstArrival: [String] = []
        for request in server.requests {
            let key = try XCTUnwrap(request.headers["idempotency-key"])
            let body = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
            let message = try XCTUnwrap(body["message"] as? String)
            XCTAssertEqual(body["id"] as? String, key)
            if let earlier = arrived[key] {
                XCTAssertEqual(earlier, message, "a duplicate with the same key carries the same notification")
            } else {
                firstArrival.append(key)
            }
            arrived[key] = message
        }
        for (id, message) in stored {
            XCTAssertEqual(arrived[id], message, "stored \(message) (\(id)) never arrived")
        }
        // No notification arrived under two keys, and the order they were stored in was kept.
        XCTAssertEqual(Set(arrived.values).count, arrived.count)
        let storedOrder = stored.map(\.id)
        XCTAssertEqual(firstArrival.filter { storedOrder.contains($0) }, storedOrder)
    }

    /// The child's work (see the class comment): add notifications one after the other on a loop timer, sending
    /// each to an endpoint that refuses connections, and report each one stored on stdout, until killed.
    func testChildAddingNotifications() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let path = environment[Self.databaseVariable], let round = environment[Self.roundVariable] else {
            throw XCTSkip("runs only as the crash test's child")
        }
        let loop = try EventLoop()
        let outbox = try Outbox(path: path, site: "crash")
        let down = WebhookTarget(url: "http://127.0.0.1:1/hook", timeout: 1_000)
        let courier = NotificationCourier(
            outbox: outbox, routes: ["hook": .webhook(down)], loop: loop,
            retry: Backoff(initial: 1, maximum: 5, jitter: 0)
        ) { _ in }
        var count = 0
        var next: LoopTimer!
        next = loop.makeTimer {
            count += 1
            let message = "\(round)-\(count)"
            let notification = ReflexCore.Notification(notifier: 0, rule: "crash", message: message, fields: [])
            let entry = try! courier.notify(notification, notifier: "hook", time: 0, utcOffset: 0)
            let line = "stored \(message) \(entry.id)\n"
            _ = line.withCString { write(1, $0, strlen($0)) }
            next.arm(after: 1)
        }
        next.arm(after: 0)
        try loop.run()
    }

    private static func ownExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { throw TestFailure("cannot find the test bundle: readlink(/proc/self/exe) failed") }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
