#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: it tells SQLite to copy bound text.
static inline void (*_Nonnull csqlite_transient(void))(void *) { return (void (*)(void *))-1; }

// sqlite3_config is variadic, which Swift cannot call: no memory statistics (they take a global
// mutex on every allocation). Must run before the first connection opens.
static inline int csqlite_disable_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
