#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: it tells SQLite to copy bound text.
static inline void (*_Nonnull csqlite_transient(void))(void *) { return (void (*)(void *))-1; }
