import Foundation
import GeoCore
import Testing
import TestSupport
@testable import Store

@Suite struct KeysAuditAndRegistryTests {
    @Test func keysRoundTripAndRevokeOnce() async throws {
        let temporary = try TemporaryStore()
        let keys = temporary.store.keys
        let created = Date(timeIntervalSince1970: 1_800_000_000)
        let key = APIKey(id: "abc123def456", name: "Console 3", role: .facility, salt: Data([1, 2, 3]),
                         secretHash: Data(repeating: 7, count: 32), createdAt: created, facilityID: "F1")
        try await keys.insert(key)
        #expect(try await keys.key(id: key.id) == key)
        #expect(try await keys.key(id: "missing") == nil)
        let revokedAt = created.addingTimeInterval(60)
        #expect(try await keys.revoke(id: key.id, at: revokedAt))
        #expect(try await keys.revoke(id: key.id, at: revokedAt.addingTimeInterval(60)), "revoking again is harmless")
        #expect(try await keys.key(id: key.id)?.revokedAt == revokedAt, "the first revocation time stands")
        #expect(try await !keys.revoke(id: "missing", at: revokedAt))
        #expect(try await keys.allKeys().map(\.id) == [key.id])
    }

    @Test func auditEntriesComeBackInOrderFromATime() async throws {
        let temporary = try TemporaryStore()
        let audit = temporary.store.audit
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        var entries = [AuditEntry(at: base, keyID: nil, role: nil, method: "GET", endpoint: "/v1/calls/{id}",
                                  subject: "C0", status: 401, outcome: "unauthorized")]
        for i in 1..<5 {
            let at = base.addingTimeInterval(Double(i))
            entries.append(AuditEntry(at: at, keyID: "k\(i)", role: .dispatcher, method: "GET", endpoint: "/v1/calls/{id}",
                                      subject: "C\(i)", status: 200, outcome: "ok"))
        }
        try await audit.append(entries)
        #expect(try await audit.entries(since: nil, limit: nil) == entries)
        #expect(try await audit.entries(since: base.addingTimeInterval(3), limit: nil) == Array(entries[3...]))
        #expect(try await audit.entries(since: nil, limit: 2) == Array(entries[..<2]))
    }

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
