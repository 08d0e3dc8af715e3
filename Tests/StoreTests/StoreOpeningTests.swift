import Foundation
import GRDB
import Testing
@testable import SpatiaLiteStore
@testable import Store
import TestSupport

@Suite struct StoreOpeningTests {
    @Test func createsTheSchemaAndReopens() throws {
        let temporary = try TemporaryStore()
        #expect(try temporary.store.appliedMigrations() == ["v1-core-tables", "v2-query-indexes", "v3-status-time", "v4-no-timestamp-triggers", "v5-team-positions-unindexed", "v6-api-keys-and-audit", "v7-road-network", "v8-private-releases", "v9-future-live-times", "v10-audit-query", "v11-call-lifecycle"])
        let reopened = try SpatiaLiteStore(path: temporary.path)
        #expect(try reopened.integrityProblems().isEmpty)
    }

    @Test func aMissingFileIsNotCreatedUnlessAsked() throws {
        let path = TemporaryFolder.path("absent", extension: "sqlite").path
        #expect(throws: StoreError.missing(location: path)) { try SpatiaLiteStore(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func refusesAFileThatIsNotSQLiteAndLeavesItAlone() throws {
        let path = TemporaryFolder.path("garbage", extension: "sqlite").path
        let bytes = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try bytes.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try SpatiaLiteStore(path: path)
        } throws: { error in
            guard case StoreError.notAStore(let location, _) = error else { return false }
            return location == path
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test func refusesAnSQLiteFileWithOtherTables() throws {
        let path = TemporaryFolder.path("other", extension: "sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT)")
        }
        #expect {
            try SpatiaLiteStore(path: path)
        } throws: { error in
            guard case StoreError.notAStore(_, let reason) = error else { return false }
            return reason.contains("patients")
        }
        let tables = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["patients"])
    }

    @Test func migratesAFileMadeByTheFirstVersion() throws {
        let directory = try TemporaryFolder.make("old")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v1.sqlite").path
        do {
            let pool = try DatabasePool(path: path, configuration: .spatiaLite())
            try Schema.migrator.migrate(pool, upTo: Schema.firstMigration)
        }
        let store = try SpatiaLiteStore(path: path)
        #expect(try store.appliedMigrations() == ["v1-core-tables", "v2-query-indexes", "v3-status-time", "v4-no-timestamp-triggers", "v5-team-positions-unindexed", "v6-api-keys-and-audit", "v7-road-network", "v8-private-releases", "v9-future-live-times", "v10-audit-query", "v11-call-lifecycle"])
        let indexes = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'calls_received_at'")
        }
        #expect(indexes == ["calls_received_at"])
    }

    /// Stores written before live times were checked can hold fixes years
    /// ahead; the v9 step makes them unknown so that real updates win again.
    @Test func futureLiveTimesBecomeUnknownWhenTheStoreIsOpened() async throws {
        let temporary = try TemporaryStore()
        let future = Date().addingTimeInterval(86_400 * 365 * 70)
        var ahead = Fixtures.team("T1"), fine = Fixtures.team("T2")
        ahead.fixAt = future
        fine.fixAt = Date().addingTimeInterval(60)
        var beds = Fixtures.facility("F1")
        beds.availabilityUpdatedAt = future
        _ = try await temporary.store.teams.upsert([ahead, fine])
        _ = try await temporary.store.facilities.upsert([beds])
        _ = try await temporary.store.updateStatus(teamID: "T1", status: .enRoute, at: future)
        try await temporary.store.pool.write { db in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v9-future-live-times'")
        }
        let reopened = try SpatiaLiteStore(path: temporary.path)
        #expect(try await reopened.teams.record(id: "T1")?.fixAt == Date(timeIntervalSince1970: 0))
        let kept = try await reopened.teams.record(id: "T2")?.fixAt.timeIntervalSince(fine.fixAt)
        #expect(kept.map { abs($0) < 0.001 } == true, "drift within the skew is kept")
        #expect(try await reopened.facilities.record(id: "F1")?.availabilityUpdatedAt == nil)
        // The next real fix is newer than "unknown" and is applied.
        let now = Date()
        #expect(try await reopened.updatePosition(PositionUpdate(teamID: "T1", location: ahead.location, fixAt: now)) == .applied)
        #expect(try await reopened.updateStatus(teamID: "T1", status: .available, at: now) == .applied)
    }

    @Test func refusesAStoreFromANewerVersion() throws {
        let temporary = try TemporaryStore()
        try temporary.store.pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        #expect(throws: StoreError.newerVersion(location: temporary.path, unknownMigrations: ["v99-from-the-future"])) {
            try SpatiaLiteStore(path: temporary.path)
        }
    }

    /// A column renamed outside crisismap is named when the file opens, not
    /// at the first import that writes it.
    @Test func refusesAFileWhoseRecordTableWasChangedOutsideCrisismap() throws {
        let temporary = try TemporaryStore()
        try temporary.store.pool.write { db in
            try db.execute(sql: "ALTER TABLE facilities RENAME COLUMN phone TO telephone")
        }
        #expect(throws: StoreError.schemaMismatch(location: temporary.path, table: "facilities", column: "phone", reason: "the column is missing")) {
            try SpatiaLiteStore(path: temporary.path)
        }
    }

    @Test func refusesAFileWhoseAreasLostTheirGeometryType() throws {
        let temporary = try TemporaryStore()
        try temporary.store.pool.write { db in
            try db.execute(sql: "UPDATE geometry_columns SET geometry_type = 3 WHERE f_table_name = 'areas'")
        }
        #expect(throws: StoreError.schemaMismatch(location: temporary.path, table: "areas", column: "geom", reason: "registered as POLYGON, expected MULTIPOLYGON")) {
            try SpatiaLiteStore(path: temporary.path)
        }
    }
}
