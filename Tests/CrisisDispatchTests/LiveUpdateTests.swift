import Foundation
import GeoCore
import SpatiaLiteStore
import Store
import Testing
@testable import CrisisDispatch
import TestSupport

@Suite struct LiveUpdateTests {
    func makeStore() throws -> (SpatiaLiteStore, URL) {
        let directory = try TemporaryFolder.make("live")
        return (try SpatiaLiteStore(path: directory.appendingPathComponent("s.sqlite").path, mode: .createIfMissing), directory)
    }

    @Test func outOfOrderPositionsAreIgnoredByStoreAndEngine() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let team = Places.team("T1", at: Places.denver)
        _ = try await store.teams.upsert([team])
        let live = LiveDispatch(engine: try await DispatchEngine.load(from: store), store: store)

        let moved = Coordinate(uncheckedLatitude: 39.75, longitude: -104.98)
        let newer = PositionUpdate(teamID: "T1", location: moved, fixAt: team.fixAt.addingTimeInterval(30))
        let older = PositionUpdate(teamID: "T1", location: Places.denver, fixAt: team.fixAt.addingTimeInterval(10))
        let unknown = PositionUpdate(teamID: "nope", location: moved, fixAt: Places.noon)
        #expect(try await live.updatePositions([newer, older, unknown]) == [.applied, .olderThanStored, .notFound])
        #expect(try await live.updatePositions([newer]) == [.olderThanStored])

        #expect(try await store.teams.record(id: "T1")?.location == moved)
        #expect(live.engine.team(id: "T1")?.location == moved)
        let answer = live.engine.nearestTeams(TeamQuery(location: moved, at: Places.noon))
        #expect(answer.results.first?.distance == 0)
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func statusAndAvailabilityUpdatesAreConditionalToo() async throws {
        let (store, directory) = try makeStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try await store.teams.upsert([Places.team("T1", at: Places.denver)])
        _ = try await store.facilities.upsert([Places.facility("F1", at: Places.denver, beds: 4)])
        let live = LiveDispatch(engine: try await DispatchEngine.load(from: store), store: store)

        #expect(try await live.updateStatus(teamID: "T1", status: .enRoute, at: Places.noon) == .applied)
        #expect(try await live.updateStatus(teamID: "T1", status: .available, at: Places.noon.addingTimeInterval(-5)) == .olderThanStored)
        #expect(live.engine.team(id: "T1")?.status == .enRoute)
        #expect(live.engine.nearestTeams(TeamQuery(location: Places.denver, at: Places.noon)).results.isEmpty)

        #expect(try await live.updateAvailability(facilityID: "F1", bedsAvailable: 0, updatedAt: Places.noon) == .applied)
        #expect(try await live.updateAvailability(facilityID: "F1", bedsAvailable: 9, updatedAt: Places.noon.addingTimeInterval(-60)) == .olderThanStored)
        #expect(try await store.facilities.record(id: "F1")?.bedsAvailable == 0)
        let answer = live.engine.nearestFacilities(FacilityQuery(location: Places.denver, at: Places.noon))
        #expect(answer.excluded.first?.reasons == [.noBeds])
    }
}
