import Foundation
import GeoCore
import GRDB
import Testing
@testable import SpatiaLiteStore
@testable import Store
import TestSupport

/// Another process holding the write lock (a CLI import beside the server)
/// makes writes `unavailable`, the API's 503, never a database failure;
/// the writes queued behind the first such answer fail at once, and writes
/// go through again once the lock is released.
@Suite struct BusyStoreTests {
    @Test func aHeldWriteLockIsUnavailableNotAFailureAndPassesWhenReleased() async throws {
        let temporary = try TemporaryStore()
        _ = try await temporary.store.teams.upsert([Fixtures.team("T1")])
        // A second connection, as a CLI import in another process would hold it.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let holder = try DatabaseQueue(path: temporary.path, configuration: configuration)
        try await holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        let fix = { (seconds: Double) in
            PositionUpdate(teamID: "T1", location: Coordinate(uncheckedLatitude: 39.75, longitude: -104.98), fixAt: Date().addingTimeInterval(-seconds))
        }
        await #expect {
            _ = try await temporary.store.updatePosition(fix(30))
        } throws: { error in
            guard case StoreError.unavailable(_, let message) = error else { return false }
            return message.contains("another process holds its write lock")
        }
        let started = ContinuousClock.now
        await #expect(throws: StoreError.self) { _ = try await temporary.store.updatePosition(fix(20)) }
        // The busy timeout is 10 s; the margin below it is for a loaded 2-core machine,
        // where this task may wait a second or more for a thread of the cooperative pool.
        #expect(ContinuousClock.now - started < .seconds(5), "a write right behind a busy one does not wait the busy timeout again")

        try await holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        try await Task.sleep(for: .milliseconds(1_100))
        #expect(try await temporary.store.updatePosition(fix(10)) == .applied)
        #expect(try await temporary.store.updatePosition(fix(5)) == .applied, "the window closes once a write goes through")
    }
}
