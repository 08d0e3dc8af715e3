import Foundation
import PostgresNIO
import Store

/// Live updates decided by the database: each UPDATE carries the condition
/// "newer than stored", so whichever server a feed reaches, the newest
/// fix wins and an older one is refused.
///
/// The change notice goes out right after the update commits, in a
/// transaction of its own. PostgreSQL lets one NOTIFYing transaction commit
/// at a time across the whole cluster, holding that lock through the
/// commit's WAL flush; an update that notified inside its own transaction
/// made every writer of every server queue behind each other's fsync. A
/// notice-only transaction writes no WAL and commits without a flush. The
/// price: a server that dies between the two leaves the others with that
/// record's previous state until its next change (a lost database
/// connection instead makes every listener reload everything).
struct PostGISLiveState: LiveStateStore {
    let store: PostGISStore

    func updatePositions(_ updates: [PositionUpdate]) async throws -> [UpdateOutcome] {
        let statements = updates.map { update in
            let at = update.fixAt.timeIntervalSince1970
            return Self.conditional("""
                UPDATE teams SET lat = \(update.location.latitude), lon = \(update.location.longitude), fix_at = \(at)
                WHERE id = \(update.teamID) AND fix_at < \(at)
                """, table: "teams", id: update.teamID)
        }
        let outcomes: [UpdateOutcome]
        if statements.count == 1 {
            outcomes = [try await store.rows(statements[0], Self.outcome(row:))[0]]
        } else {
            outcomes = try await store.transaction { [store] connection in
                var outcomes: [UpdateOutcome] = []
                for statement in statements {
                    let row = try await connection.query(statement, logger: store.logger).collect()[0]
                    outcomes.append(try Self.outcome(row: row.makeRandomAccess()))
                }
                return outcomes
            }
        }
        await store.announce(zip(updates, outcomes).filter { $0.1 == .applied }.map {
            StoreChange(kind: .team, id: $0.0.teamID, change: "position")
        })
        return outcomes
    }

    func updateStatus(teamID: String, status: TeamStatus, at: Date) async throws -> UpdateOutcome {
        let time = at.timeIntervalSince1970
        return try await update(Self.conditional("""
            UPDATE teams SET status = \(status.rawValue), status_at = \(time)
            WHERE id = \(teamID) AND (status_at IS NULL OR status_at < \(time))
            """, table: "teams", id: teamID), announcing: StoreChange(kind: .team, id: teamID, change: "status"))
    }

    func updateAvailability(facilityID: String, bedsAvailable: Int, updatedAt: Date) async throws -> UpdateOutcome {
        let time = updatedAt.timeIntervalSince1970
        return try await update(Self.conditional("""
            UPDATE facilities SET beds_available = \(bedsAvailable), availability_updated_at = \(time)
            WHERE id = \(facilityID) AND (availability_updated_at IS NULL OR availability_updated_at < \(time))
            """, table: "facilities", id: facilityID), announcing: StoreChange(kind: .facility, id: facilityID, change: "availability"))
    }

    private func update(_ statement: PostgresQuery, announcing change: StoreChange) async throws -> UpdateOutcome {
        let outcome = try await store.rows(statement, Self.outcome(row:))[0]
        if outcome == .applied { await store.announce([change]) }
        return outcome
    }

    /// One statement, one round trip: the conditional update, and whether
    /// the record exists at all (to tell "older than stored" from "not found").
    private static func conditional(_ update: PostgresQuery, table: String, id: String) -> PostgresQuery {
        var query = update
        query.binds.append(id)
        query.sql = """
            WITH changed AS (\(update.sql) RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM changed) AS applied,
                   EXISTS (SELECT 1 FROM \(table) WHERE id = $\(query.binds.count)) AS present
            """
        return query
    }

    private static func outcome(row: PostgresRandomAccessRow) throws -> UpdateOutcome {
        if try row.value("applied", as: Bool.self) { return .applied }
        return try row.value("present", as: Bool.self) ? .olderThanStored : .notFound
    }
}
