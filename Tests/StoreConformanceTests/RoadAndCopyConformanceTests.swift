import Foundation
import GeoCore
import Store
import Testing
import TestSupport

/// Roads, whole-store copies and the errors users see.
@Suite struct RoadAndCopyConformanceTests {
    static func ladder(rungs: Int, idOffset: Int64 = 0) -> [RoadEdge] {
        (0..<rungs).map { i in
            let latitude = 39.7 + Double(i) * 0.001 + 0.000_000_1 * Double(i % 7)
            return RoadEdge(
                id: idOffset + Int64(i + 1), from: -Int64(i) - 1, to: Int64(i) + 1,
                geometry: [Coordinate(uncheckedLatitude: latitude, longitude: -105.000_000_3),
                           Coordinate(uncheckedLatitude: latitude + 0.000_123_4, longitude: -104.995),
                           Coordinate(uncheckedLatitude: latitude, longitude: -104.99)],
                lengthMetres: 1_000 + Double(i) / 3, speedKmh: i % 2 == 0 ? 30 : 50 * 1.609344,
                direction: i % 3 == 0 ? .forward : .both, highway: "residential",
                name: i % 4 == 0 ? nil : "Rung \(i) \u{2014} \u{00E9}st", osmWayID: 1_000_000_000_000 + Int64(i))
        }
    }

    @Test(arguments: Backend.allCases)
    func roadsRoundTripAndAReimportReplacesThem(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        #expect(try await store.roads.roadSummary() == nil)
        let edges = Self.ladder(rungs: 30)
        let first = try await store.roads.replaceRoads(edges, source: "ladder.osm.pbf")
        #expect(try await store.roads.roadEdges() == edges)
        #expect(first.nodeCount == 60 && first.edgeCount == 30 && first.oneWayEdgeCount == 10)
        #expect(try await store.roads.roadSummary() == first)
        let smaller = Self.ladder(rungs: 4, idOffset: 500)
        let second = try await store.roads.replaceRoads(smaller, source: "b.osm")
        #expect(second.importID > first.importID)
        let everywhere = BoundingBox(west: -180, south: -90, east: 180, north: 90)
        #expect(try await store.roads.roadEdges(in: everywhere, limit: 100).map(\.id) == smaller.map(\.id))
        var bad = Self.ladder(rungs: 3)
        bad[2].speedKmh = 0
        await #expect {
            try await store.roads.replaceRoads(bad, source: "bad.osm")
        } throws: { error in
            guard case StoreError.invalidRecord(2, "speed_kmh", _) = error else { return false }
            return true
        }
        #expect(try await store.roads.roadEdges() == smaller, "a refused import leaves the roads as they were")
        await opened.close()
    }

    /// Both directions, and back: counts and every table's checksum match.
    @Test(arguments: [(Backend.spatiaLite, Backend.postGIS), (Backend.postGIS, Backend.spatiaLite)])
    func aWholeStoreCopiesAcrossBackendsExactly(_ from: Backend, _ to: Backend) async throws {
        let sourceOpened = try await from.opened()
        let source = sourceOpened.store
        _ = try await source.facilities.upsert((0..<50).map { Fixtures.facility("F\($0)") })
        _ = try await source.teams.upsert((0..<20).map { Fixtures.team("T\($0)") })
        _ = try await source.calls.upsert(Fixtures.randomCalls(count: 45_000, seed: 4))
        _ = try await source.areas.upsert([Fixtures.area("A1"), Fixtures.area("A2", geometry: .multiPolygon([
            Fixtures.square(west: -105, south: 39.8, size: 0.01), Fixtures.square(west: -104.9, south: 39.8, size: 0.01)]))])
        try await source.keys.insert(APIKey(id: "k1", name: "Console", role: .dispatcher, salt: Data([1, 2]),
                                            secretHash: Data([3, 4]), createdAt: Fixtures.noon))
        try await source.audit.append([AuditEntry(at: Fixtures.noon, keyID: "k1", role: .dispatcher, method: "GET",
                                                  endpoint: "/v1/calls/{id}", subject: "C1", status: 200, outcome: "ok")])
        _ = try await source.roads.replaceRoads(Self.ladder(rungs: 12), source: "ladder.osm")
        let destinationOpened = try await to.opened()
        let destination = destinationOpened.store
        let counts = try await destination.load(source.contents(), progress: nil)
        #expect(counts["calls"] == 45_000)
        #expect(try await destination.tableCounts() == source.tableCounts())
        #expect(try await destination.tableChecksums() == source.tableChecksums())
        #expect(try await destination.roads.roadEdges() == source.roads.roadEdges())
        await destinationOpened.close()
        await sourceOpened.close()
    }

    @Test(arguments: Backend.allCases)
    func aFailedCopyLeavesTheDestinationAsItWas(_ backend: Backend) async throws {
        struct SourceFailed: Error {}
        let destinationOpened = try await backend.opened()
        let destination = destinationOpened.store
        let (contents, continuation) = AsyncThrowingStream<StoreContentBatch, any Error>.makeStream()
        continuation.yield(.facilities([Fixtures.facility("F1")]))
        continuation.yield(.calls((0..<8_000).map { Fixtures.call("C\($0)") }))
        continuation.finish(throwing: SourceFailed())
        await #expect(throws: SourceFailed.self) { try await destination.load(contents, progress: nil) }
        #expect(try await destination.isEmpty())
        await destinationOpened.close()
    }

    @Test(arguments: Backend.allCases)
    func openingSaysWhatIsWrong(_ backend: Backend) async throws {
        let place = try Backend.Place(backend)
        await #expect(throws: StoreError.missing(location: place.location)) { try await place.open(mode: .existing) }
        let created = try await place.open(mode: .createIfMissing)
        #expect(try await created.appliedMigrations().count >= 3)
        await created.close()
        let reopened = try await place.open(mode: .existing)
        #expect(try await reopened.isEmpty())
        await reopened.close()
    }
}
