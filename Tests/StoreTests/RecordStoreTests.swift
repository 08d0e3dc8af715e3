import Foundation
import GeoCore
import GRDB
import Testing
import TestSupport
@testable import SpatiaLiteStore
@testable import Store

// Reading back, upserts, paging and refused polygons are in
// StoreConformanceTests, run against both stores; what follows checks
// SpatiaLite's own machinery (its R*Tree and triggers).

@Suite struct BulkLoadTests {
    @Test func thePackedIndexIsAValidRTreeThatAnswersLikeABruteForceScan() async throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let triggersBefore = try Self.schemaObjects(store, type: "trigger")
        let indexesBefore = try Self.schemaObjects(store, type: "index")
        let calls = Fixtures.randomCalls(count: 30_000, seed: 7)
        _ = try await store.calls.upsert(calls)

        #expect(try store.integrityProblems().isEmpty)
        #expect(try Self.schemaObjects(store, type: "trigger") == triggersBefore)
        #expect(try Self.schemaObjects(store, type: "index") == indexesBefore)

        var generator = SplitMix64(seed: 11)
        for _ in 0..<50 {
            let west = Double.random(in: -105.3 ... -104.7, using: &generator)
            let south = Double.random(in: 39.5...39.95, using: &generator)
            let size = Double.random(in: 0.001...0.2, using: &generator)
            // The index stores float32 boxes rounded outwards, so a box query
            // through it is a superset filter; the exact test then matches.
            let fromIndex = try await store.pool.read { db in
                try String.fetchAll(db, sql: """
                    SELECT c.id FROM calls c WHERE c.pk IN (
                        SELECT pkid FROM idx_calls_geom WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?)
                    AND c.lon BETWEEN ? AND ? AND c.lat BETWEEN ? AND ? ORDER BY c.id
                    """, arguments: [west, west + size, south, south + size, west, west + size, south, south + size])
            }
            let brute = calls.filter {
                (west...(west + size)).contains($0.location.longitude) && (south...(south + size)).contains($0.location.latitude)
            }.map(\.id).sorted()
            #expect(fromIndex == brute)
        }
    }

    @Test func theIndexStaysValidThroughLaterSmallWritesAndAReimport() async throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let calls = Fixtures.randomCalls(count: 12_000, seed: 3)
        _ = try await store.calls.upsert(calls)
        _ = try await store.calls.upsert(Array(Fixtures.randomCalls(count: 40, seed: 99).map {
            var call = $0
            call.id = "N" + call.id
            return call
        }))
        let again = try await store.calls.upsert(calls)
        #expect(again == UpsertCounts(inserted: 0, updated: 12_000))
        #expect(try store.integrityProblems().isEmpty)
        let indexed = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM idx_calls_geom") }
        #expect(indexed == 12_040)
    }

    static func schemaObjects(_ store: SpatiaLiteStore, type: String) throws -> [String] {
        try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = ? AND tbl_name = 'calls' ORDER BY name",
                                arguments: [type])
        }
    }
}

@Suite struct TeamPositionStorageTests {
    @Test func teamsKeepTheirGeometryWithoutAnRTreeAndBulkLoadsStillWork() async throws {
        let temporary = try TemporaryStore()
        let teams = (0..<6_000).map { i in
            Fixtures.team(String(format: "T%05d", i),
                          at: Coordinate(uncheckedLatitude: 39.5 + Double(i % 100) / 200, longitude: -105 + Double(i / 100) / 200))
        }
        let counts = try await temporary.store.teams.upsert(teams)
        #expect(counts == UpsertCounts(inserted: 6_000, updated: 0))
        let (indexTables, geometries) = try await temporary.store.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'idx_teams_geom'"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM teams WHERE ST_X(geom) = lon AND ST_Y(geom) = lat"))
        }
        #expect(indexTables == 0)
        #expect(geometries == 6_000)
        #expect(try temporary.store.integrityProblems().isEmpty)
    }
}

@Suite struct StreamedUpsertTests {
    @Test func aStreamOfUnknownLengthSwitchesToABulkRebuildMidwayAndStaysConsistent() async throws {
        let temporary = try TemporaryStore()
        let calls = Fixtures.randomCalls(count: 12_000, seed: 5)
        let (batches, continuation) = RecordBatches<CrisisCall>.makeStream()
        for start in stride(from: 0, to: calls.count, by: 4_000) {
            continuation.yield(Array(calls[start..<min(start + 4_000, calls.count)]))
        }
        continuation.finish()
        let counts = try await temporary.store.calls.upsert(batches, expectedCount: nil, progress: nil)
        #expect(counts == UpsertCounts(inserted: 12_000, updated: 0))
        #expect(try temporary.store.integrityProblems().isEmpty)
        let indexed = try await temporary.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM idx_calls_geom") }
        #expect(indexed == 12_000)
    }

    @Test func anErrorFromTheProducerRollsEverythingBack() async throws {
        struct ReaderFailed: Error {}
        let temporary = try TemporaryStore()
        let (batches, continuation) = RecordBatches<CrisisCall>.makeStream()
        continuation.yield(Fixtures.randomCalls(count: 6_000, seed: 6))
        continuation.finish(throwing: ReaderFailed())
        await #expect(throws: ReaderFailed.self) {
            try await temporary.store.calls.upsert(batches, expectedCount: nil, progress: nil)
        }
        #expect(try await temporary.store.calls.count() == 0)
        #expect(try temporary.store.integrityProblems().isEmpty)
    }
}
