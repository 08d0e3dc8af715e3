import Foundation
import GeoCore
import GRDB
import Testing
import TestSupport
@testable import Store

@Suite struct RecordStoreTests {
    @Test func everyKindReadsBackExactlyAsWritten() async throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let facility = Fixtures.facility("F1")
        let team = Fixtures.team("T1")
        let call = Fixtures.call("C1")
        let hole = Fixtures.square(west: -104.996, south: 39.704, size: 0.002).rings[0].reversed()
        var withHole = Fixtures.square(west: -105, south: 39.7, size: 0.01)
        withHole.rings.append(Array(hole))
        let area = Fixtures.area("A1", geometry: .polygon(withHole))
        let multi = Fixtures.area("A2", geometry: .multiPolygon([
            Fixtures.square(west: -105, south: 39.8, size: 0.01), Fixtures.square(west: -104.9, south: 39.8, size: 0.01),
        ]))

        _ = try await store.facilities.upsert([facility])
        _ = try await store.teams.upsert([team])
        _ = try await store.calls.upsert([call])
        _ = try await store.areas.upsert([area, multi])

        #expect(try await store.facilities.record(id: "F1") == facility)
        #expect(try await store.teams.record(id: "T1") == team)
        #expect(try await store.calls.record(id: "C1") == call)
        #expect(try await store.areas.record(id: "A1") == area)
        #expect(try await store.areas.record(id: "A2") == multi)
        #expect(try await store.facilities.record(id: "nope") == nil)
    }

    @Test func upsertReplacesByIdAndCountsWhatChanged() async throws {
        let temporary = try TemporaryStore()
        let calls = temporary.store.calls
        let first = try await calls.upsert([Fixtures.call("C1"), Fixtures.call("C2")])
        #expect(first == UpsertCounts(inserted: 2, updated: 0))
        var moved = Fixtures.call("C2")
        moved.category = .overdose
        let second = try await calls.upsert([moved, Fixtures.call("C3")])
        #expect(second == UpsertCounts(inserted: 1, updated: 1))
        #expect(try await calls.count() == 3)
        #expect(try await calls.record(id: "C2")?.category == .overdose)
    }

    @Test func pagesAreOrderedByIdAndComplete() async throws {
        let temporary = try TemporaryStore()
        let ids = (0..<25).map { String(format: "T%03d", $0) }.shuffled()
        _ = try await temporary.store.teams.upsert(ids.map { Fixtures.team($0) })
        let all = try await temporary.store.teams.all(pageSize: 7)
        #expect(all.map(\.id) == ids.sorted())
    }

    @Test func aSelfIntersectingPolygonIsRefusedAndNothingIsWritten() async throws {
        let temporary = try TemporaryStore()
        let bowTie = Polygon(rings: [[
            Coordinate(uncheckedLatitude: 39.70, longitude: -105.00),
            Coordinate(uncheckedLatitude: 39.71, longitude: -104.99),
            Coordinate(uncheckedLatitude: 39.70, longitude: -104.99),
            Coordinate(uncheckedLatitude: 39.71, longitude: -105.00),
            Coordinate(uncheckedLatitude: 39.70, longitude: -105.00),
        ]])
        let batch = [Fixtures.area("A1"), Fixtures.area("A2"), Fixtures.area("A3", geometry: .polygon(bowTie))]
        await #expect {
            try await temporary.store.areas.upsert(batch)
        } throws: { error in
            guard case StoreError.invalidRecord(let index, let field, let reason) = error else { return false }
            return index == 2 && field == "geometry" && reason.contains("invalid")
        }
        #expect(try await temporary.store.areas.count() == 0)
    }
}

@Suite struct BulkLoadTests {
    /// Random points, some clustered, as a bulk load sees them.
    static func randomCalls(count: Int, seed: UInt64) -> [CrisisCall] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { i in
            let clustered = i % 3 == 0
            let lat = clustered ? 39.74 + Double.random(in: -0.002...0.002, using: &generator)
                                : Double.random(in: 39.5...40.0, using: &generator)
            let lon = clustered ? -104.99 + Double.random(in: -0.002...0.002, using: &generator)
                                : Double.random(in: -105.3 ... -104.6, using: &generator)
            return Fixtures.call(String(format: "C%07d", i), at: Coordinate(uncheckedLatitude: lat, longitude: lon))
        }
    }

    @Test func thePackedIndexIsAValidRTreeThatAnswersLikeABruteForceScan() async throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let triggersBefore = try Self.schemaObjects(store, type: "trigger")
        let indexesBefore = try Self.schemaObjects(store, type: "index")
        let calls = Self.randomCalls(count: 30_000, seed: 7)
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
        let calls = Self.randomCalls(count: 12_000, seed: 3)
        _ = try await store.calls.upsert(calls)
        _ = try await store.calls.upsert(Array(Self.randomCalls(count: 40, seed: 99).map {
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
        let calls = BulkLoadTests.randomCalls(count: 12_000, seed: 5)
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
        continuation.yield(BulkLoadTests.randomCalls(count: 6_000, seed: 6))
        continuation.finish(throwing: ReaderFailed())
        await #expect(throws: ReaderFailed.self) {
            try await temporary.store.calls.upsert(batches, expectedCount: nil, progress: nil)
        }
        #expect(try await temporary.store.calls.count() == 0)
        #expect(try temporary.store.integrityProblems().isEmpty)
    }
}
