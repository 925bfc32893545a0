import CSQLite

/// One SQLite connection, and the one place SQLite result codes are checked (DESIGN, house rule 3).
///
/// Loop-bound like the outbox that owns it: not Sendable, used on one thread. The connection is opened with
/// SQLITE_OPEN_NOMUTEX for that reason, and closed when the value goes away.
final class SQLiteDatabase {
    /// The `sqlite3 *`; an OpaquePointer because SQLite's handle is an incomplete type. Owned here: opened in
    /// init, closed in deinit, never handed out, and only used on the thread that owns this object.
    private let handle: OpaquePointer

    /// Opens (creating when missing) the database file at `path`.
    init(path: String) throws(SQLiteError) {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(opened)
            throw SQLiteError(call: "sqlite3_open_v2(\(path))", code: code, message: message)
        }
        handle = opened
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Throws unless `code` is one of `accepted` (SQLITE_OK by default), with the connection's message.
    @discardableResult
    func check(_ call: @autoclosure () -> String, _ code: Int32, accepting accepted: Set<Int32> = [SQLITE_OK])
        throws(SQLiteError) -> Int32
    {
        if accepted.contains(code) { return code }
        throw SQLiteError(call: call(), code: code, message: String(cString: sqlite3_errmsg(handle)))
    }

    /// Runs statements that return no rows (or whose rows are not wanted).
    func execute(_ sql: String) throws(SQLiteError) {
        try check("sqlite3_exec(\(sql))", sqlite3_exec(handle, sql, nil, nil, nil))
    }

    /// Compiles one statement.
    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        try check("sqlite3_prepare_v2(\(sql))", sqlite3_prepare_v2(handle, sql, -1, &statement, nil))
        return SQLiteStatement(database: self, handle: statement!, sql: sql)
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` in one transaction (BEGIN IMMEDIATE): committed when it returns, rolled back when it throws.
    func transaction<Result>(_ body: () throws(SQLiteError) -> Result) throws(SQLiteError) -> Result {
        try execute("BEGIN IMMEDIATE")
        do throws(SQLiteError) {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}
