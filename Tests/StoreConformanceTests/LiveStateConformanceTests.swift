import Foundation
import GeoCore
import Store
import Testing
import TestSupport

/// Newest wins, decided by the store itself; keys and the audit trail.
@Suite struct LiveStateConformanceTests {
    @Test(arguments: Backend.allCases)
    func outOfOrderPositionsStatusAndBedsAreIgnored(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        _ = try await store.teams.upsert([Fixtures.team("T1")])
        _ = try await store.facilities.upsert([Fixtures.facility("F1")])
        let live = store.live
        let somewhere = Coordinate(uncheckedLatitude: 39.8, longitude: -105.0)
        let later = Fixtures.noon.addingTimeInterval(60)
        #expect(try await live.updatePositions([
            PositionUpdate(teamID: "T1", location: somewhere, fixAt: later),
            PositionUpdate(teamID: "T1", location: Fixtures.denver, fixAt: Fixtures.noon.addingTimeInterval(30)),
            PositionUpdate(teamID: "T1", location: Fixtures.denver, fixAt: later),
            PositionUpdate(teamID: "nobody", location: somewhere, fixAt: later),
        ]) == [.applied, .olderThanStored, .olderThanStored, .notFound])
        let moved = try #require(try await store.teams.record(id: "T1"))
        #expect(moved.location == somewhere && moved.fixAt == later)

        #expect(try await live.updateStatus(teamID: "T1", status: .dispatched, at: later) == .applied)
        #expect(try await live.updateStatus(teamID: "T1", status: .available, at: Fixtures.noon) == .olderThanStored)
        #expect(try await live.updateStatus(teamID: "nobody", status: .dispatched, at: later) == .notFound)
        #expect(try await store.teams.record(id: "T1")?.status == .dispatched)

        #expect(try await live.updateAvailability(facilityID: "F1", bedsAvailable: 0, updatedAt: later) == .applied)
        #expect(try await live.updateAvailability(facilityID: "F1", bedsAvailable: 9, updatedAt: Fixtures.noon) == .olderThanStored)
        #expect(try await live.updateAvailability(facilityID: "F9", bedsAvailable: 9, updatedAt: later) == .notFound)
        let facility = try #require(try await store.facilities.record(id: "F1"))
        #expect(facility.bedsAvailable == 0 && facility.availabilityUpdatedAt == later)
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func keysRoundTripAndRevokeOnce(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        let keys = store.keys
        let created = Date(timeIntervalSince1970: 1_800_000_000.25)
        let key = APIKey(id: "abc123def456", name: "Console 3", role: .facility, salt: Data([0, 1, 92, 255]),
                         secretHash: Data(repeating: 7, count: 32), createdAt: created, facilityID: "F1")
        try await keys.insert(key)
        await #expect(throws: StoreError.self) { try await keys.insert(key) }
        #expect(try await keys.key(id: key.id) == key)
        #expect(try await keys.key(id: "missing") == nil)
        let revokedAt = created.addingTimeInterval(60)
        #expect(try await keys.revoke(id: key.id, at: revokedAt))
        #expect(try await keys.revoke(id: key.id, at: revokedAt.addingTimeInterval(60)), "revoking again is harmless")
        #expect(try await keys.key(id: key.id)?.revokedAt == revokedAt, "the first revocation time stands")
        #expect(try await !keys.revoke(id: "missing", at: revokedAt))
        #expect(try await keys.allKeys().map(\.id) == [key.id])
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func auditEntriesComeBackInOrderFromATime(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        var entries = [AuditEntry(at: base, keyID: nil, role: nil, method: "GET", endpoint: "/v1/calls/{id}",
                                  subject: "C0\ttab", status: 401, outcome: "unauthorized")]
        for i in 1..<5 {
            entries.append(AuditEntry(at: base.addingTimeInterval(Double(i)), keyID: "k\(i)", role: .dispatcher, method: "GET",
                                      endpoint: "/v1/calls/{id}", subject: "C\(i)", status: 200, outcome: "ok"))
        }
        try await store.audit.append(entries)
        #expect(try await store.audit.entries(since: nil, limit: nil) == entries)
        #expect(try await store.audit.entries(since: base.addingTimeInterval(3), limit: nil) == Array(entries[3...]))
        #expect(try await store.audit.entries(since: nil, limit: 2) == Array(entries[..<2]))
        await opened.close()
    }
}
