import Foundation
import GeoCore
import Testing
import TestSupport
@testable import Store

@Suite struct KeysAuditAndRegistryTests {
    // Keys and the audit trail themselves are in StoreConformanceTests (both stores).

    @Test func deleteAndBoxQueriesOnIndexedAndUnindexedTables() async throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let inside = try Coordinate(latitude: 39.75, longitude: -104.99)
        let outside = try Coordinate(latitude: 40.5, longitude: -104.0)
        _ = try await store.facilities.upsert([Fixtures.facility("F2", at: inside), Fixtures.facility("F1", at: inside),
                                               Fixtures.facility("F3", at: outside)])
        _ = try await store.teams.upsert([Fixtures.team("T1", at: inside), Fixtures.team("T2", at: outside)])
        let box = BoundingBox(west: -105.1, south: 39.7, east: -104.9, north: 39.8)
        #expect(try await store.facilities.records(in: box, limit: 10).map(\.id) == ["F1", "F2"])
        #expect(try await store.facilities.records(in: box, limit: 1).map(\.id) == ["F1"])
        #expect(try await store.teams.records(in: box, limit: 10).map(\.id) == ["T1"])
        #expect(try await store.facilities.delete(id: "F1"))
        #expect(try await !store.facilities.delete(id: "F1"))
        #expect(try await store.facilities.records(in: box, limit: 10).map(\.id) == ["F2"], "the spatial index follows deletes")
        #expect(try store.integrityProblems().isEmpty)
    }
}
