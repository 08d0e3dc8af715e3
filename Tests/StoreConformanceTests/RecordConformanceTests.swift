import Foundation
import GeoCore
import Store
import Testing
import TestSupport

/// CRUD, upsert and refusal rules: one suite, run against both stores.
@Suite struct RecordConformanceTests {
    @Test(arguments: Backend.allCases)
    func everyKindReadsBackExactlyAsWritten(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        let facility = Fixtures.facility("F1")
        var bare = Fixtures.facility("F2")
        (bare.address, bare.phone, bare.hours, bare.bedsTotal, bare.bedsAvailable, bare.availabilityUpdatedAt) = (nil, nil, nil, nil, nil, nil)
        (bare.accepts, bare.services, bare.languages, bare.payers, bare.extra) = ([], [], [], [], [:])
        let team = Fixtures.team("T1")
        var call = Fixtures.call("C1")
        // Values that a lossy store would round: sub-microsecond time, many digits, text needing escapes.
        call.receivedAt = Date(timeIntervalSince1970: 1_795_381_200.123_456_7)
        call.location = Coordinate(uncheckedLatitude: 39.739_212_345_678_9, longitude: -104.990_312_345_678_9)
        call.extra = ["note": .string("tab\there\nnew line \\ back\\slash \u{00E9}"), "n": .number(1.5)]
        let hole = Fixtures.square(west: -104.996, south: 39.704, size: 0.002).rings[0].reversed()
        var withHole = Fixtures.square(west: -105, south: 39.7, size: 0.01)
        withHole.rings.append(Array(hole))
        let area = Fixtures.area("A1", geometry: .polygon(withHole))
        let multi = Fixtures.area("A2", geometry: .multiPolygon([
            Fixtures.square(west: -105, south: 39.8, size: 0.01), Fixtures.square(west: -104.9, south: 39.8, size: 0.01),
        ]))

        _ = try await store.facilities.upsert([facility, bare])
        _ = try await store.teams.upsert([team])
        _ = try await store.calls.upsert([call])
        _ = try await store.areas.upsert([area, multi])

        #expect(try await store.facilities.record(id: "F1") == facility)
        #expect(try await store.facilities.record(id: "F2") == bare)
        #expect(try await store.teams.record(id: "T1") == team)
        #expect(try await store.calls.record(id: "C1") == call)
        #expect(try await store.areas.record(id: "A1") == area)
        #expect(try await store.areas.record(id: "A2") == multi)
        #expect(try await store.facilities.record(id: "nope") == nil)
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func severalRecordsReadByIdInOneGo(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        _ = try await store.teams.upsert(["T3", "T1", "T2"].map { Fixtures.team($0) })
        let found = try await store.teams.records(ids: ["T2", "missing", "T3", "T2"])
        #expect(found.map(\.id) == ["T2", "T3"], "ordered by id, a repeated id once, a missing one skipped")
        #expect(found.first == Fixtures.team("T2"))
        #expect(try await store.teams.records(ids: []).isEmpty)
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func upsertReplacesByIdAndCountsWhatChanged(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        let calls = store.calls
        #expect(try await calls.upsert([Fixtures.call("C1"), Fixtures.call("C2")]) == UpsertCounts(inserted: 2, updated: 0))
        var moved = Fixtures.call("C2")
        moved.category = .overdose
        #expect(try await calls.upsert([moved, Fixtures.call("C3")]) == UpsertCounts(inserted: 1, updated: 1))
        #expect(try await calls.count() == 3)
        #expect(try await calls.record(id: "C2")?.category == .overdose)
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func theLastOfTwoRecordsWithOneIdInABatchWins(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        var second = Fixtures.team("T1")
        second.callSign = "second"
        #expect(try await store.teams.upsert([Fixtures.team("T1"), second]) == UpsertCounts(inserted: 1, updated: 1))
        #expect(try await store.teams.record(id: "T1")?.callSign == "second")
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func pagesAreOrderedByIdBytesAndComplete(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        // Upper before lower case and digits before letters, whatever the database's locale.
        let ids = (0..<25).map { String(format: "T%03d", $0) } + ["a1", "B2", "b1", "_x"]
        _ = try await store.teams.upsert(ids.shuffled().map { Fixtures.team($0) })
        #expect(try await store.teams.all(pageSize: 7).map(\.id) == ids.sorted())
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func aSelfIntersectingPolygonIsRefusedWithItsIndexAndNothingIsWritten(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        let bowTie = Polygon(rings: [[
            Coordinate(uncheckedLatitude: 39.70, longitude: -105.00),
            Coordinate(uncheckedLatitude: 39.71, longitude: -104.99),
            Coordinate(uncheckedLatitude: 39.70, longitude: -104.99),
            Coordinate(uncheckedLatitude: 39.71, longitude: -105.00),
            Coordinate(uncheckedLatitude: 39.70, longitude: -105.00),
        ]])
        let batch = [Fixtures.area("A1"), Fixtures.area("A2"), Fixtures.area("A3", geometry: .polygon(bowTie))]
        await #expect {
            try await store.areas.upsert(batch)
        } throws: { error in
            guard case StoreError.invalidRecord(let index, let field, let reason) = error else { return false }
            return index == 2 && field == "geometry" && reason.contains("invalid polygon") && reason.contains("Self-intersection")
        }
        #expect(try await store.areas.count() == 0)
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func anErrorFromTheProducerRollsEverythingBack(_ backend: Backend) async throws {
        struct ReaderFailed: Error {}
        let opened = try await backend.opened()
        let store = opened.store
        _ = try await store.calls.upsert([Fixtures.call("KEEP")])
        let (batches, continuation) = RecordBatches<CrisisCall>.makeStream()
        continuation.yield((0..<6_000).map { Fixtures.call("C\($0)") })
        continuation.finish(throwing: ReaderFailed())
        await #expect(throws: ReaderFailed.self) {
            try await store.calls.upsert(batches, expectedCount: nil, progress: nil)
        }
        #expect(try await store.calls.all().map(\.id) == ["KEEP"])
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func boxQueriesAndDeletesFollowTheIndex(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        let inside = Coordinate(uncheckedLatitude: 39.75, longitude: -104.99)
        let edge = Coordinate(uncheckedLatitude: 39.8, longitude: -104.9)
        let outside = Coordinate(uncheckedLatitude: 40.5, longitude: -104.0)
        _ = try await store.facilities.upsert([Fixtures.facility("F2", at: inside), Fixtures.facility("F1", at: inside),
                                               Fixtures.facility("F3", at: outside), Fixtures.facility("F4", at: edge)])
        _ = try await store.teams.upsert([Fixtures.team("T1", at: inside), Fixtures.team("T2", at: outside)])
        _ = try await store.areas.upsert([Fixtures.area("A1"), Fixtures.area("A9", geometry: .polygon(Fixtures.square(west: -100, south: 30, size: 1)))])
        let box = BoundingBox(west: -105.1, south: 39.7, east: -104.9, north: 39.8)
        #expect(try await store.facilities.records(in: box, limit: 10).map(\.id) == ["F1", "F2", "F4"], "the box's edges count")
        #expect(try await store.facilities.records(in: box, limit: 1).map(\.id) == ["F1"])
        #expect(try await store.teams.records(in: box, limit: 10).map(\.id) == ["T1"])
        #expect(try await store.areas.records(in: box, limit: 10).map(\.id) == ["A1"])
        #expect(try await store.facilities.delete(id: "F1"))
        #expect(try await !store.facilities.delete(id: "F1"))
        #expect(try await store.facilities.records(in: box, limit: 10).map(\.id) == ["F2", "F4"])
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func aBulkLoadAnswersBoxesLikeABruteForceScanAndAReimportOnlyUpdates(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        let calls = Fixtures.randomCalls(count: 12_000, seed: 3)
        #expect(try await store.calls.upsert(calls) == UpsertCounts(inserted: 12_000, updated: 0))
        #expect(try await store.calls.upsert(calls) == UpsertCounts(inserted: 0, updated: 12_000))
        var generator = SplitMix64(seed: 11)
        for _ in 0..<20 {
            let west = Double.random(in: -105.3 ... -104.7, using: &generator)
            let south = Double.random(in: 39.5...39.95, using: &generator)
            let size = Double.random(in: 0.001...0.2, using: &generator)
            let box = BoundingBox(west: west, south: south, east: west + size, north: south + size)
            let brute = calls.filter { box.contains($0.location) }.map(\.id).sorted()
            #expect(try await store.calls.records(in: box, limit: 100_000).map(\.id) == brute)
        }
        await opened.close()
    }
}
