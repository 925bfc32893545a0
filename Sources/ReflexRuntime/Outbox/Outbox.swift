import ReflexCore

/// The durable outbox: every notification is committed to SQLite before it counts, and stays until its
/// endpoint has it (a PUBACK, an HTTP 2xx) or refused it (a dead letter).
///
/// Durability: the database runs in WAL mode with `synchronous=FULL`, so a commit returns only after the WAL
/// was fsynced. A notification `add` returned survives the process being killed (SIGKILL, a crash: the WAL is
/// in the file system either way) and also a power cut, as far as the storage honours flushes (cheap SD cards
/// may not). `synchronous=NORMAL` would also survive SIGKILL but can lose the last commits on power loss, which
/// on a device that is unplugged as a way of restarting it is the common case; notifications come at human
/// rates, so the fsync per notification costs nothing that matters.
///
/// Order: per notifier, only the oldest undelivered notification (the head) is sent; the next waits until it is
/// delivered or set aside. Rows in flight when the process stopped are pending again on open and are sent again
/// with the same id, so an endpoint may see a duplicate, always with the same idempotency key.
///
/// Disk: bounded per notifier, see `OutboxLimits`. Loop-bound: use it on one thread.
package final class Outbox {
    /// The site every notification names (the rule set's `site`).
    package let site: String
    package let limits: OutboxLimits
    private let database: SQLiteDatabase
    private let insert: SQLiteStatement
    private let usage: SQLiteStatement
    private let head: SQLiteStatement
    private let update: SQLiteStatement
    private let remove: SQLiteStatement
    private let trim: SQLiteStatement
    /// QoS 1 publishes awaiting their PUBACK: message ids are per connection and wrap, so this lives in memory.
    private var published: [MessageID: String] = [:]

    private static let columns =
        "id, notifier, rule, site, time, message, fields, body, attempts, next_attempt, state, reason"

    /// Opens (or creates) the outbox at `path`; notifications left in flight by an earlier run are pending again.
    package init(path: String, site: String, limits: OutboxLimits = .standard) throws(OutboxError) {
        self.site = site
        self.limits = limits
        do throws(SQLiteError) {
            database = try SQLiteDatabase(path: path)
            try database.execute(
                """
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=FULL;
                PRAGMA busy_timeout=5000;
                CREATE TABLE IF NOT EXISTS notification (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    notifier TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    site TEXT NOT NULL,
                    time TEXT NOT NULL,
                    message TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    body TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt INTEGER NOT NULL DEFAULT 0,
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'in_flight', 'dead')),
                    reason TEXT
                );
                CREATE INDEX IF NOT EXISTS notification_queue ON notification (notifier, state, seq);
                CREATE TABLE IF NOT EXISTS counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
                UPDATE notification SET state = 'pending' WHERE state = 'in_flight';
                """
            )
            insert = try database.prepare(
                "INSERT INTO notification (id, notifier, rule, site, time, message, fields, body) "
                    + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            )
            usage = try database.prepare(
                "SELECT count(*), coalesce(sum(length(CAST(body AS BLOB))), 0) FROM notification "
                    + "WHERE notifier = ?1 AND state != 'dead'"
            )
            head = try database.prepare(
                "SELECT \(Self.columns) FROM notification WHERE notifier = ?1 AND state != 'dead' ORDER BY seq LIMIT 1"
            )
            update = try database.prepare(
                "UPDATE notification SET attempts = ?2, next_attempt = ?3, state = ?4, reason = ?5 WHERE id = ?1"
            )
            remove = try database.prepare("DELETE FROM notification WHERE id = ?1")
            trim = try database.prepare(
                "DELETE FROM notification WHERE notifier = ?1 AND state = 'dead' AND seq NOT IN "
                    + "(SELECT seq FROM notification WHERE notifier = ?1 AND state = 'dead' ORDER BY seq DESC LIMIT ?2)"
            )
        } catch {
            throw .database(error)
        }
    }

    // MARK: Adding

    /// Renders and stores `notification` for the notifier named `notifier`, at wall time `time` (milliseconds
    /// since the epoch, shown with `utcOffset` seconds east of UTC). Once this returns the notification is on disk.
    ///
    /// Throws `full` when the notifier's bound is reached (the notification is refused and counted).
    @discardableResult
    package func add(_ notification: Notification, notifier: String, time: Int64, utcOffset: Int)
        throws(OutboxError) -> OutboxEntry
    {
        var entry = OutboxEntry(
            id: Self.makeID(), notifier: notifier, rule: notification.rule, site: site,
            time: ValueText.instant(time, utcOffset: utcOffset), message: notification.message,
            fields: Self.fieldsJSON(notification.fields), body: "", attempts: 0, nextAttempt: 0, state: .pending)
        entry.body = Self.body(entry)
        let refusal: OutboxError? = try database { () throws(SQLiteError) -> OutboxError? in
            try database.transaction { () throws(SQLiteError) -> OutboxError? in
                defer { usage.reset() }
                try usage.bind(1, notifier)
                _ = try usage.step()
                let pending = Int(usage.int64(0))
                let bytes = Int(usage.int64(1))
                if pending + 1 > limits.pending || bytes + entry.body.utf8.count > limits.bytes {
                    try bump("refused", by: 1)
                    return .full(notifier: notifier, pending: pending, bytes: bytes)
                }
                let values = [
                    entry.id, notifier, entry.rule, site, entry.time, entry.message, entry.fields, entry.body,
                ]
                for (index, value) in values.enumerated() { try insert.bind(Int32(index + 1), value) }
                try insert.run()
                return nil
            }
        }
        if let refusal { throw refusal }
        return entry
    }

    // MARK: Delivering

    /// The oldest undelivered notification of `notifier` (pending or in flight): the only one that may be sent.
    package func head(of notifier: String) throws(OutboxError) -> OutboxEntry? {
        try database { () throws(SQLiteError) -> OutboxEntry? in
            defer { head.reset() }
            try head.bind(1, notifier)
            return try head.step() ? Self.entry(head) : nil
        }
    }

    /// Records that an attempt to send `entry` started.
    @discardableResult
    package func sending(_ entry: OutboxEntry) throws(OutboxError) -> OutboxEntry {
        var sent = entry
        sent.attempts += 1
        sent.state = .inFlight
        try save(sent)
        return sent
    }

    /// The endpoint has it: the notification leaves the outbox.
    package func delivered(_ id: String) throws(OutboxError) {
        try database { () throws(SQLiteError) in
            try remove.bind(1, id)
            try remove.run()
        }
    }

    /// The attempt failed in a way worth retrying: pending again, not before `nextAttempt` (wall milliseconds).
    package func retry(_ entry: OutboxEntry, at nextAttempt: Int64, reason: String) throws(OutboxError) {
        var retried = entry
        retried.state = .pending
        retried.nextAttempt = nextAttempt
        retried.reason = reason
        try save(retried)
    }

    /// The endpoint refused it: kept as a dead letter with `reason`; the notifier's next one goes on.
    package func setAside(_ entry: OutboxEntry, reason: String) throws(OutboxError) {
        var dead = entry
        dead.state = .deadLetter
        dead.reason = reason
        try database { () throws(SQLiteError) in
            try database.transaction { () throws(SQLiteError) in
                try write(dead)
                try trim.bind(1, entry.notifier)
                try trim.bind(2, Int64(limits.deadLetters))
                try trim.run()
                try bump("dead_letters_dropped", by: Int64(database.changes))
            }
        }
    }

    /// An MQTT notification was handed to the broker connection as `messageID`; `acknowledged` finishes it.
    package func sent(_ id: String, as messageID: MessageID) {
        published[messageID] = id
    }

    /// The broker acknowledged `messageID` (BrokerEvent.delivered): the notification it carried is delivered.
    /// Returns its id, or nil when the message was not a notification.
    @discardableResult
    package func acknowledged(_ messageID: MessageID) throws(OutboxError) -> String? {
        guard let id = published.removeValue(forKey: messageID) else { return nil }
        try delivered(id)
        return id
    }

    // MARK: Inspecting

    /// Every notification kept, oldest first, optionally of one state.
    package func entries(in state: OutboxEntry.State? = nil) throws(OutboxError) -> [OutboxEntry] {
        try database { () throws(SQLiteError) -> [OutboxEntry] in
            let filter = state.map { " WHERE state = '\($0.rawValue)'" } ?? ""
            let query = try database.prepare("SELECT \(Self.columns) FROM notification\(filter) ORDER BY seq")
            var found: [OutboxEntry] = []
            while try query.step() { found.append(Self.entry(query)) }
            return found
        }
    }

    /// Notifications refused because their notifier's bound was reached, over the outbox's life.
    package var refusedCount: Int64 { get throws(OutboxError) { try counter("refused") } }
    /// Dead letters deleted to keep within `limits.deadLetters`, over the outbox's life.
    package var droppedDeadLetters: Int64 { get throws(OutboxError) { try counter("dead_letters_dropped") } }

    // MARK: Rows

    private func save(_ entry: OutboxEntry) throws(OutboxError) {
        try database { () throws(SQLiteError) in try write(entry) }
    }

    private func write(_ entry: OutboxEntry) throws(SQLiteError) {
        try update.bind(1, entry.id)
        try update.bind(2, Int64(entry.attempts))
        try update.bind(3, entry.nextAttempt)
        try update.bind(4, entry.state.rawValue)
        try update.bind(5, entry.reason)
        try update.run()
    }

    private func bump(_ name: String, by amount: Int64) throws(SQLiteError) {
        guard amount != 0 else { return }
        try database.execute(
            "INSERT INTO counter (name, value) VALUES ('\(name)', \(amount)) "
                + "ON CONFLICT (name) DO UPDATE SET value = value + \(amount)"
        )
    }

    private func counter(_ name: String) throws(OutboxError) -> Int64 {
        try database { () throws(SQLiteError) -> Int64 in
            let query = try database.prepare("SELECT value FROM counter WHERE name = '\(name)'")
            return try query.step() ? query.int64(0) : 0
        }
    }

    /// Runs `body`, turning a database failure into `OutboxError.database`.
    private func database<Result>(_ body: () throws(SQLiteError) -> Result) throws(OutboxError) -> Result {
        do throws(SQLiteError) { return try body() } catch { throw .database(error) }
    }

    private static func entry(_ row: SQLiteStatement) -> OutboxEntry {
        OutboxEntry(
            id: row.text(0) ?? "", notifier: row.text(1) ?? "", rule: row.text(2) ?? "", site: row.text(3) ?? "",
            time: row.text(4) ?? "", message: row.text(5) ?? "", fields: row.text(6) ?? "{}", body: row.text(7) ?? "",
            attempts: Int(row.int64(8)), nextAttempt: row.int64(9),
            state: OutboxEntry.State(rawValue: row.text(10) ?? "") ?? .pending, reason: row.text(11))
    }

    // MARK: Rendering

    /// 128 random bits as 32 hex digits, from the system's generator (getrandom).
    private static func makeID() -> String {
        var generator = SystemRandomNumberGenerator()
        let halves = [generator.next() as UInt64, generator.next() as UInt64]
        return halves.map { half in
            let digits = String(half, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }

    private static func fieldsJSON(_ fields: [Notification.Field]) -> String {
        "{" + fields.map { ValueText.jsonString($0.name) + ":" + ValueText.jsonString($0.value) }.joined(separator: ",")
            + "}"
    }

    /// SPEC "Payloads": `{"id","site","rule","notifier","time","message","fields"}`, in that order.
    static func body(_ entry: OutboxEntry) -> String {
        let strings = [
            ("id", entry.id), ("site", entry.site), ("rule", entry.rule), ("notifier", entry.notifier),
            ("time", entry.time), ("message", entry.message),
        ]
        return "{" + strings.map { "\"\($0.0)\":" + ValueText.jsonString($0.1) + "," }.joined()
            + "\"fields\":" + entry.fields + "}"
    }
}
