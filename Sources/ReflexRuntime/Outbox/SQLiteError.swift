/// A failed SQLite call: which call, SQLite's extended result code and its message.
package struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call as the code made it, such as `sqlite3_step(INSERT notification)`.
    package let call: String
    /// The extended result code (SQLITE_FULL is 13, SQLITE_IOERR_FSYNC is 1034).
    package let code: Int32
    package let message: String

    package init(call: String, code: Int32, message: String) {
        self.call = call
        self.code = code
        self.message = message
    }

    package var description: String { "\(call): \(message) (SQLite code \(code))" }
}
