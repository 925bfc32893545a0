#include <sqlite3.h>

/// Binds a copy of `text` (SQLITE_TRANSIENT): that macro casts -1 to a function pointer, which Swift cannot import.
static inline int reflex_sqlite_bind_text(sqlite3_stmt *statement, int index, const char *text, int length) {
    return sqlite3_bind_text(statement, index, text, length, SQLITE_TRANSIENT);
}
