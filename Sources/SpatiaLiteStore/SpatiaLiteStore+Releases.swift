import Foundation
import GRDB
import GRDBSQLite
import Store

/// Private releases in the file: `privacy_settings` (one row), `releases`
/// and `release_counts` (schema in Migrations.swift, v8).
struct SpatiaLiteReleases: ReleaseArchive {
    let store: SpatiaLiteStore

    func privacySettings() async throws -> PrivacySettings? {
        try await store.guardedRead { db in try Self.settings(db) }
    }

    func initPrivacySettings(_ settings: PrivacySettings) async throws -> PrivacySettings {
        try await store.guardedWrite { db in
            try Self.write(settings, db, replacing: false)
            guard let stored = try Self.settings(db) else {
                throw StoreError.database(location: "privacy_settings", message: "the settings just written cannot be read back")
            }
            return stored
        }
    }

    func updatePrivacySettings(timeZone: String?, grid: String?) async throws {
        let location = store.location
        try await store.guardedWrite { db in
            try db.execute(sql: "UPDATE privacy_settings SET timezone = ?, grid = ? WHERE id = 1", arguments: [timeZone, grid])
            if db.changesCount == 0 {
                throw StoreError.database(location: location, message: "the store has no privacy settings to update")
            }
        }
    }

    func releases() async throws -> [ReleaseRecord] {
        try await store.guardedRead { db in
            try Row.fetchAll(db, sql: "SELECT * FROM releases ORDER BY start_at, node").map(Self.release(row:))
        }
    }

    /// The conflict clause, not a prior read, decides: a second writer
    /// finds the row inserted and writes nothing.
    func saveRelease(_ release: ReleaseRecord, counts: [ReleaseCount]) async throws -> Bool {
        try await store.guardedWrite { db in
            try Self.insert(release, db, ignoringConflict: true)
            guard db.changesCount > 0 else { return false }
            try Self.insert(counts, node: release.node, db)
            return true
        }
    }

    func releaseCounts(node: String, view: String) async throws -> [ReleaseCount] {
        try await store.guardedRead { db in
            try Array(Row.fetchCursor(
                db, sql: "SELECT unit, bin, noisy FROM release_counts WHERE node = ? AND view = ? ORDER BY unit, bin",
                arguments: [node, view]
            ).map { row in ReleaseCount(view: view, unit: row[0], bin: row[1], noisy: row[2]) })
        }
    }

    /// Keyset pages: SQLite walks the primary key for each, and each read is short.
    func forEachCountPage(node: String, size: Int, _ body: @escaping @Sendable ([ReleaseCount]) async throws -> Void) async throws {
        var last: ReleaseCount?
        while true {
            let page = try await store.guardedRead { [last] db in
                let selection = "SELECT view, unit, bin, noisy FROM release_counts WHERE node = ?"
                let order = "ORDER BY view, unit, bin LIMIT ?"
                let cursor = if let last {
                    try Row.fetchCursor(db, sql: "\(selection) AND (view, unit, bin) > (?, ?, ?) \(order)",
                                        arguments: [node, last.view, last.unit, last.bin, size])
                } else {
                    try Row.fetchCursor(db, sql: "\(selection) \(order)", arguments: [node, size])
                }
                return try Array(cursor.map { row in ReleaseCount(view: row[0], unit: row[1], bin: row[2], noisy: row[3]) })
            }
            if !page.isEmpty { try await body(page) }
            guard page.count == size, let tail = page.last else { return }
            last = tail
        }
    }

    func releaseCountTotal() async throws -> Int {
        try await store.guardedRead { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM release_counts") ?? 0 }
    }

    // MARK: Statements shared with `load`

    static func settings(_ db: Database) throws -> PrivacySettings? {
        try Row.fetchOne(db, sql: "SELECT * FROM privacy_settings WHERE id = 1").map { row in
            PrivacySettings(
                secret: [UInt8](row["secret"] as Data), epsilon: row["epsilon"], timeZone: row["timezone"], grid: row["grid"],
                createdAt: Date(storedValue: row["created_at"]))
        }
    }

    static func write(_ settings: PrivacySettings, _ db: Database, replacing: Bool) throws {
        let onConflict = replacing
            ? """
              UPDATE SET secret = excluded.secret, epsilon = excluded.epsilon, timezone = excluded.timezone,
                  grid = excluded.grid, created_at = excluded.created_at
              """
            : "NOTHING"
        try db.execute(
            sql: """
                INSERT INTO privacy_settings (id, secret, epsilon, timezone, grid, created_at) VALUES (1, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO \(onConflict)
                """,
            arguments: [Data(settings.secret), settings.epsilon, settings.timeZone, settings.grid, settings.createdAt.storedValue])
    }

    static func insert(_ release: ReleaseRecord, _ db: Database, ignoringConflict: Bool) throws {
        try db.execute(
            sql: """
                INSERT INTO releases (node, start_at, end_at, released_at, parameters) VALUES (?, ?, ?, ?, ?)
                \(ignoringConflict ? "ON CONFLICT(node) DO NOTHING" : "")
                """,
            arguments: [release.node, release.start.storedValue, release.end.storedValue, release.releasedAt.storedValue,
                        release.parameters])
    }

    /// One prepared statement bound through SQLite's C API (as RoadEdgeWriter
    /// does): at ~500,000 counts, GRDB's argument arrays cost more than SQLite's
    /// work. In key order, so the B-tree is appended to rather than split at random.
    static func insert(_ counts: [ReleaseCount], node: String, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO release_counts (node, view, unit, bin, noisy) VALUES (?, ?, ?, ?, ?)")
        let handle = statement.sqliteStatement
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        sqlite3_bind_text(handle, 1, node, -1, transient)
        for index in counts.keyOrder() {
            let count = counts[index]
            sqlite3_bind_text(handle, 2, count.view, -1, transient)
            sqlite3_bind_text(handle, 3, count.unit, -1, transient)
            sqlite3_bind_int64(handle, 4, Int64(count.bin))
            sqlite3_bind_int64(handle, 5, count.noisy)
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            if code == ResultCode.SQLITE_CONSTRAINT_PRIMARYKEY.rawValue {
                // The first repeat in the caller's order, as PostGIS names it.
                throw ReleaseMerge.firstRepeat(in: counts) ?? ReleaseMerge.repeated(count, index: index)
            } else if code != SQLITE_DONE {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
    }

    static func release(_ node: String, _ db: Database) throws -> ReleaseRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM releases WHERE node = ?", arguments: [node]).map(release(row:))
    }

    private static func release(row: Row) -> ReleaseRecord {
        ReleaseRecord(
            node: row["node"], start: Date(storedValue: row["start_at"]), end: Date(storedValue: row["end_at"]),
            releasedAt: Date(storedValue: row["released_at"]), parameters: row["parameters"])
    }

    // MARK: Loading a copy

    static func load(_ incoming: PrivacySettings, _ db: Database, _ merge: inout ReleaseMerge) throws {
        let hasReleases = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM releases)") ?? false
        let settings = try merge.settings(incoming, existing: try Self.settings(db), existingReleases: hasReleases)
        try write(settings, db, replacing: true)
    }

    static func load(_ records: [ReleaseRecord], _ db: Database, _ merge: inout ReleaseMerge) throws {
        let hasSettings = try Self.settings(db) != nil
        for record in records where try merge.admit(record, existing: try release(record.node, db), destinationHasSettings: hasSettings) {
            try insert(record, db, ignoringConflict: false)
        }
    }

    static func load(_ counts: [ReleaseCount], node: String, _ db: Database, _ merge: ReleaseMerge) throws {
        if try merge.admitsCounts(of: node) { try insert(counts, node: node, db) }
    }
}

extension SpatiaLiteStore {
    public var releases: any ReleaseStore { SpatiaLiteReleases(store: self) }
}
