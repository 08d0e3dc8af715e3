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
            // 16 MiB per connection: an import's resident memory is mostly
            // this cache (a page costs about 1.5x its size resident), and a
            // million-row import measured as fast with 8 or 16 MiB as with
            // 64 (BENCHMARKS.md): the file's pages stay in the OS cache.
            try db.execute(sql: "PRAGMA cache_size = -16384")
            // FULL: a commit reaches the disk before it returns, so an update
            // answered 200 survives a power cut too (NORMAL only survives a
            // crashed process). In WAL mode that is one fsync of the log per
            // commit, not of the database.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }
}
