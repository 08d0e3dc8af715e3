import Foundation
import PostgresNIO
import Store

/// Live updates decided by the database: each UPDATE carries the condition
/// "newer than stored", so whichever server a feed reaches, the newest
/// fix wins and an older one is refused, and the change notice goes out
/// in the same transaction.
struct PostGISLiveState: LiveStateStore {
    let store: PostGISStore

    func updatePositions(_ updates: [PositionUpdate]) async throws -> [UpdateOutcome] {
        try await store.transaction { [store] connection in
            var outcomes: [UpdateOutcome] = []
            for update in updates {
                let at = update.fixAt.timeIntervalSince1970
                let outcome = try await Self.outcome(connection, store: store, table: "teams", id: update.teamID, change: """
                    UPDATE teams SET lat = \(update.location.latitude), lon = \(update.location.longitude), fix_at = \(at)
                    WHERE id = \(update.teamID) AND fix_at < \(at) RETURNING 1
                    """)
                if outcome == .applied {
                    try await store.notify(StoreChange(kind: .team, id: update.teamID, change: "position"), on: connection)
                }
                outcomes.append(outcome)
            }
            return outcomes
        }
    }

    func updateStatus(teamID: String, status: TeamStatus, at: Date) async throws -> UpdateOutcome {
        let time = at.timeIntervalSince1970
        return try await store.transaction { [store] connection in
            let outcome = try await Self.outcome(connection, store: store, table: "teams", id: teamID, change: """
                UPDATE teams SET status = \(status.rawValue), status_at = \(time)
                WHERE id = \(teamID) AND (status_at IS NULL OR status_at < \(time)) RETURNING 1
                """)
            if outcome == .applied {
                try await store.notify(StoreChange(kind: .team, id: teamID, change: "status"), on: connection)
            }
            return outcome
        }
    }

    func updateAvailability(facilityID: String, bedsAvailable: Int, updatedAt: Date) async throws -> UpdateOutcome {
        let time = updatedAt.timeIntervalSince1970
        return try await store.transaction { [store] connection in
            let outcome = try await Self.outcome(connection, store: store, table: "facilities", id: facilityID, change: """
                UPDATE facilities SET beds_available = \(bedsAvailable), availability_updated_at = \(time)
                WHERE id = \(facilityID) AND (availability_updated_at IS NULL OR availability_updated_at < \(time)) RETURNING 1
                """)
            if outcome == .applied {
                try await store.notify(StoreChange(kind: .facility, id: facilityID, change: "availability"), on: connection)
            }
            return outcome
        }
    }

    private static func outcome(
        _ connection: PostgresConnection, store: PostGISStore, table: String, id: String, change: PostgresQuery
    ) async throws -> UpdateOutcome {
        if try await connection.query(change, logger: store.logger).collect().count > 0 { return .applied }
        let exists = try await connection.query(
            "SELECT EXISTS (SELECT 1 FROM \(unescaped: table) WHERE id = \(id))", logger: store.logger
        ).collect().first?.decode(Bool.self) ?? false
        return exists ? .olderThanStored : .notFound
    }
}
