import CSQLite

/// A compiled SQLite statement: bind, step through the rows, read columns; reset for the next use.
final class SQLiteStatement {
    private unowned let database: SQLiteDatabase
    /// The `sqlite3_stmt *`: owned here (finalized in deinit), used on its database's thread only.
    private let handle: OpaquePointer
    private let sql: String

    init(database: SQLiteDatabase, handle: OpaquePointer, sql: String) {
        self.database = database
        self.handle = handle
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Clears the bindings and rewinds, ready to bind and run again.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ index: Int32, _ value: Int64) throws(SQLiteError) {
        try database.check("sqlite3_bind_int64(\(sql))", sqlite3_bind_int64(handle, index, value))
    }

    func bind(_ index: Int32, _ value: String) throws(SQLiteError) {
        let code = value.withCString { reflex_sqlite_bind_text(handle, index, $0, -1) }
        try database.check("sqlite3_bind_text(\(sql))", code)
    }

    func bind(_ index: Int32, _ value: String?) throws(SQLiteError) {
        if let value {
            try bind(index, value)
        } else {
            try database.check("sqlite3_bind_null(\(sql))", sqlite3_bind_null(handle, index))
        }
    }

    /// Moves to the next row: true when there is one, false when done.
    func step() throws(SQLiteError) -> Bool {
        let code = try database.check(
            "sqlite3_step(\(sql))", sqlite3_step(handle), accepting: [SQLITE_ROW, SQLITE_DONE])
        return code == SQLITE_ROW
    }

    /// Runs a statement that returns no rows, then resets it.
    func run() throws(SQLiteError) {
        defer { reset() }
        _ = try step()
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func text(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: text)
    }
}
