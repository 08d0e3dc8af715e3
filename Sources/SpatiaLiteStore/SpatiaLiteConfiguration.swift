import CSpatiaLite
import GRDB
import GRDBSQLite
import Store

extension Configuration {
    /// A GRDB configuration whose every connection has SpatiaLite loaded.
    static func spatiaLite() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            let code = crisismap_spatialite_attach(db.sqliteConnection)
            guard code == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: "SpatiaLite could not be loaded into the connection")
            }
            // Bulk imports touch many pages; 64 MiB of cache keeps the
            // primary-key and R*Tree pages they revisit in memory.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            // In WAL mode NORMAL never corrupts and survives a crashed process;
            // only a power cut can lose the last commits. It spares an fsync per
            // commit, which live position updates (thousands a second) need.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return configuration
    }
}
