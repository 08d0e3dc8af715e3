import Foundation
import GRDB
import Store

/// The embedded store: one SpatiaLite file opened through a GRDB
/// `DatabasePool` (WAL, so readers never wait for the writer).
public struct SpatiaLiteStore: CrisisStore {
    public enum OpenMode: Sendable {
        /// Fail with `StoreError.missing` when there is no file yet.
        case existing
        /// Create the file and its schema when there is none.
        case createIfMissing
    }

    public let location: String
    let pool: DatabasePool
    /// Shared by every copy of this store value: see `BusyWindow`.
    let busy = BusyWindow()

    public var facilities: any NearestRecordStore<Facility> { SpatiaLiteTable<Facility>(store: self) }
    public var teams: any NearestRecordStore<Team> { SpatiaLiteTable<Team>(store: self) }
    public var calls: any NearestRecordStore<CrisisCall> { SpatiaLiteTable<CrisisCall>(store: self) }
    public var areas: any RecordStore<Area> { SpatiaLiteTable<Area>(store: self) }
    /// One file, one writing process: nothing to hear from others.
    public var changes: any StoreChangeFeed { QuietChangeFeed() }

    public func checkAvailable() async throws {
        _ = try await guardedRead { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// GRDB closes the pool when the last reference goes.
    public func close() async {}

    /// Opens (and migrates) the store at `path`.
    public init(path: String, mode: OpenMode = .existing) throws {
        location = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists, mode == .existing { throw StoreError.missing(location: path) }
        do {
            if exists {
                // A read-only look first: opening a pool switches the file to
                // WAL, which would alter a file that is not ours.
                let probe = try Self.readOnlyProbe(path)
                try probe.read { db in
                    try Self.checkIdentity(db, path: path, mayCreate: mode == .createIfMissing)
                }
                try probe.close()
            }
            pool = try DatabasePool(path: path, configuration: .spatiaLite())
            try Schema.migrator.migrate(pool)
            try pool.read { db in try SpatiaLiteSchemaCheck.run(db, location: path) }
        } catch let error as DatabaseError {
            throw Self.openFailure(error, path: path)
        }
    }

    /// A connection that cannot leave a trace: without a -wal file beside it,
    /// `immutable=1` keeps SQLite from creating -wal/-shm files even for a
    /// WAL-mode file. (Debian's SQLite is built with SQLITE_USE_URI.)
    private static func readOnlyProbe(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        if FileManager.default.fileExists(atPath: path + "-wal") {
            return try DatabaseQueue(path: path, configuration: configuration)
        }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let escaped = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: configuration)
    }

    /// The schema steps applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        // In the order they were registered: sorting the names would put v10 before v2.
        let applied = Set(try pool.read { db in try Schema.migrator.appliedIdentifiers(db) })
        return Schema.migrator.migrations.filter(applied.contains)
    }

    /// Runs `PRAGMA integrity_check` and SQLite's R*Tree checker on every spatial index.
    public func integrityProblems() throws -> [String] {
        try pool.read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            for table in Schema.spatiallyIndexedTables {
                let report = try String.fetchOne(db, sql: "SELECT rtreecheck(?)", arguments: ["idx_\(table)_geom"])
                if let report, report != "ok" { problems.append("idx_\(table)_geom: \(report)") }
            }
            return problems
        }
    }

    /// Refuses files that are not crisismap stores before migrating anything,
    /// so that pointing `--db` at the wrong file never alters it.
    private static func checkIdentity(_ db: Database, path: String, mayCreate: Bool) throws {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        if tables.isEmpty {
            if mayCreate { return }
            throw StoreError.notAStore(location: path, reason: "it is empty; create a store with `crisismap init`")
        }
        guard tables.contains("grdb_migrations") else {
            let sample = tables.sorted().prefix(3).joined(separator: ", ")
            throw StoreError.notAStore(location: path, reason: "it holds other tables (\(sample)) and no crisismap schema")
        }
        let applied = try Schema.migrator.appliedIdentifiers(db)
        guard applied.contains(Schema.firstMigration) else {
            throw StoreError.notAStore(location: path, reason: "its schema was not made by crisismap")
        }
        if try Schema.migrator.hasBeenSuperseded(db) {
            let known = Set(Schema.migrator.migrations)
            let unknown = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                .filter { !known.contains($0) }
            throw StoreError.newerVersion(location: path, unknownMigrations: unknown.sorted())
        }
    }

    private static func openFailure(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            .notAStore(location: path, reason: "not an SQLite database")
        case .SQLITE_CANTOPEN:
            .database(location: path, message: "cannot open the file (check the folder exists and is writable)")
        default:
            .database(location: path, message: error.message ?? "\(error)")
        }
    }
}
