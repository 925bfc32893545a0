import Foundation
import ReflexCore
import ReflexRuntime
import XCTest

/// The outbox on its own, on a real SQLite file in a temporary directory: what is stored, in what shape, and
/// what the disk bound does.
final class OutboxTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "reflex-outbox-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private var path: String { directory + "/outbox.db" }

    static func hot(_ message: String = "Greenhouse hot: 31.5 °C") -> ReflexCore.Notification {
        Notification(
            notifier: 0, rule: "hot", message: message,
            fields: [.init(name: "temp", value: "31.5"), .init(name: "note", value: "say \"hi\"\n")])
    }

    /// 2026-07-01T14:00:00+02:00.
    static let summer: Int64 = 1_782_907_200_000

    func testANotificationIsOnDiskOnceAddReturns() throws {
        let id = try Outbox(path: path, site: "greenhouse")
            .add(Self.hot(), notifier: "ops", time: Self.summer, utcOffset: 7200).id
        // A second connection sees it committed, and so does the next run.
        let reopened = try Outbox(path: path, site: "greenhouse")
        let entries = try reopened.entries()
        XCTAssertEqual(entries.map(\.id), [id])
        XCTAssertEqual(entries.first?.state, .pending)
        XCTAssertEqual(entries.first?.time, "2026-07-01T14:00:00+02:00")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-wal"), "the database is in WAL mode")
    }

    func testTheBodyIsThePayloadsObjectInOrder() throws {
        let outbox = try Outbox(path: path, site: "greenhouse")
        let entry = try outbox.add(Self.hot(), notifier: "ops", time: Self.summer, utcOffset: 7200)
        XCTAssertEqual(entry.id.count, 32)
        XCTAssertTrue(entry.id.allSatisfy(\.isHexDigit))
        XCTAssertEqual(
            entry.body,
            #"{"id":"\#(entry.id)","site":"greenhouse","rule":"hot","notifier":"ops","#
                + #""time":"2026-07-01T14:00:00+02:00","message":"Greenhouse hot: 31.5 °C","#
                + #""fields":{"temp":"31.5","note":"say \"hi\"\n"}}"#)
        let other = try outbox.add(Self.hot(), notifier: "ops", time: Self.summer, utcOffset: 7200)
        XCTAssertNotEqual(other.id, entry.id)
    }

    func testTheHeadIsTheOldestUndeliveredPerNotifier() throws {
        let outbox = try Outbox(path: path, site: "s")
        let first = try outbox.add(Self.hot("1"), notifier: "ops", time: 0, utcOffset: 0)
        let second = try outbox.add(Self.hot("2"), notifier: "ops", time: 0, utcOffset: 0)
        let other = try outbox.add(Self.hot("3"), notifier: "hook", time: 0, utcOffset: 0)
        XCTAssertEqual(try outbox.head(of: "ops")?.id, first.id)
        XCTAssertEqual(try outbox.head(of: "hook")?.id, other.id)
        let sending = try outbox.sending(first)
        XCTAssertEqual(sending.attempts, 1)
        XCTAssertEqual(try outbox.head(of: "ops")?.state, .inFlight)
        try outbox.setAside(sending, reason: "HTTP 400")
        XCTAssertEqual(try outbox.head(of: "ops")?.id, second.id)
        try outbox.delivered(second.id)
        XCTAssertNil(try outbox.head(of: "ops"))
        XCTAssertEqual(try outbox.entries(in: .deadLetter).map(\.reason), ["HTTP 400"])
    }

    func testInFlightWhenTheProcessStoppedIsPendingAgainWithItsID() throws {
        var outbox: Outbox? = try Outbox(path: path, site: "s")
        let entry = try outbox!.sending(outbox!.add(Self.hot(), notifier: "ops", time: 0, utcOffset: 0))
        outbox!.sent(entry.id, as: MessageID(7))
        outbox = nil
        let reopened = try Outbox(path: path, site: "s")
        let head = try XCTUnwrap(reopened.head(of: "ops"))
        XCTAssertEqual(head.id, entry.id)
        XCTAssertEqual(head.state, .pending)
        XCTAssertEqual(head.attempts, 1)
        XCTAssertNil(try reopened.acknowledged(MessageID(7)), "message ids do not outlive their connection")
    }

    func testAPubackDeliversTheNotificationItCarried() throws {
        let outbox = try Outbox(path: path, site: "s")
        let entry = try outbox.sending(outbox.add(Self.hot(), notifier: "ops", time: 0, utcOffset: 0))
        outbox.sent(entry.id, as: MessageID(3))
        XCTAssertNil(try outbox.acknowledged(MessageID(4)))
        XCTAssertEqual(try outbox.acknowledged(MessageID(3)), entry.id)
        XCTAssertEqual(try outbox.entries(), [])
    }

    func testWhenFullTheOldestAreKeptAndTheNewOneIsRefusedAndCounted() throws {
        let limits = OutboxLimits(pending: 3, bytes: 1 << 20, deadLetters: 1)
        var outbox: Outbox? = try Outbox(path: path, site: "s", limits: limits)
        var kept: [String] = []
        for index in 1...3 {
            kept.append(try outbox!.add(Self.hot("\(index)"), notifier: "ops", time: 0, utcOffset: 0).id)
        }
        let bytes = try outbox!.entries().reduce(0) { $0 + $1.body.utf8.count }
        XCTAssertThrowsError(try outbox!.add(Self.hot("4"), notifier: "ops", time: 0, utcOffset: 0)) { error in
            XCTAssertEqual(error as? OutboxError, .full(notifier: "ops", pending: 3, bytes: bytes))
        }
        // Another notifier has its own share.
        XCTAssertNoThrow(try outbox!.add(Self.hot("5"), notifier: "hook", time: 0, utcOffset: 0))
        outbox = nil
        let reopened = try Outbox(path: path, site: "s", limits: limits)
        XCTAssertEqual(try reopened.entries().filter { $0.notifier == "ops" }.map(\.id), kept)
        XCTAssertEqual(try reopened.refusedCount, 1, "the count survives restarts")
        // A delivered one makes room again.
        try reopened.delivered(kept[0])
        XCTAssertNoThrow(try reopened.add(Self.hot("6"), notifier: "ops", time: 0, utcOffset: 0))
    }

    func testTheByteBoundRefusesToo() throws {
        let outbox = try Outbox(path: path, site: "s", limits: OutboxLimits(pending: 100, bytes: 450, deadLetters: 1))
        try outbox.add(Self.hot(), notifier: "ops", time: 0, utcOffset: 0)
        try outbox.add(Self.hot(), notifier: "ops", time: 0, utcOffset: 0)
        XCTAssertThrowsError(try outbox.add(Self.hot(), notifier: "ops", time: 0, utcOffset: 0))
        XCTAssertEqual(try outbox.entries().count, 2)
        XCTAssertEqual(try outbox.refusedCount, 1)
    }

    func testOnlyTheNewestDeadLettersAreKept() throws {
        let outbox = try Outbox(
            path: path, site: "s", limits: OutboxLimits(pending: 10, bytes: 1 << 20, deadLetters: 2))
        var dead: [String] = []
        for index in 1...4 {
            let entry = try outbox.sending(outbox.add(Self.hot("\(index)"), notifier: "ops", time: 0, utcOffset: 0))
            try outbox.setAside(entry, reason: "HTTP 400")
            dead.append(entry.id)
        }
        XCTAssertEqual(try outbox.entries(in: .deadLetter).map(\.id), Array(dead.suffix(2)))
        XCTAssertEqual(try outbox.droppedDeadLetters, 2)
        XCTAssertNil(try outbox.head(of: "ops"), "dead letters do not block the notifier")
    }
}
