#ifndef CRISISMAP_CSPATIALITE_SHIM_H
#define CRISISMAP_CSPATIALITE_SHIM_H

#include <sqlite3.h>
#include <spatialite.h>

/// SQLite calls this when the connection that owns the SpatiaLite cache closes.
static void crisismap_spatialite_release(void *cache) {
    spatialite_cleanup_ex(cache);
}

static void crisismap_spatialite_marker(sqlite3_context *context, int argc, sqlite3_value **argv) {
    (void)argc; (void)argv;
    sqlite3_result_int(context, 1);
}

/// Loads SpatiaLite into one connection.
///
/// GRDB offers no connection-close hook, so the per-connection cache is handed
/// to SQLite as the user data of a tiny SQL function whose destructor frees it:
/// SQLite runs that destructor when the connection closes.
/// Returns an SQLite result code.
static inline int crisismap_spatialite_attach(sqlite3 *db) {
    void *cache = spatialite_alloc_connection();
    if (cache == 0) { return SQLITE_NOMEM; }
    spatialite_init_ex(db, cache, 0);
    /* GEOS would print "Self-intersection at..." on stderr; crisismap reports
       the reason itself (ST_IsValidReason) in its one-line error. */
    spatialite_set_silent_mode(cache);
    return sqlite3_create_function_v2(db, "crisismap_spatialite_loaded", 0,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC, cache,
                                      crisismap_spatialite_marker, 0, 0,
                                      crisismap_spatialite_release);
}

#endif
