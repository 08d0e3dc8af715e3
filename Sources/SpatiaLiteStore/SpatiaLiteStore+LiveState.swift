import Foundation
import GeoCore
import GRDB
import Store

extension SpatiaLiteStore: LiveStateStore {
    public func updatePositions(_ updates: [PositionUpdate]) async throws -> [UpdateOutcome] {
        try await guardedWrite { db in
            let statement = try db.cachedStatement(sql: """
                UPDATE teams SET lat = ?, lon = ?, geom = MakePoint(?, ?, 4326), fix_at = ?
                WHERE id = ? AND fix_at < ?
                """)
            return try updates.map { update in
                let c = update.location
                let at = update.fixAt.storedValue
                try statement.execute(arguments: [c.latitude, c.longitude, c.longitude, c.latitude, at, update.teamID, at])
                return try outcome(db, changed: db.changesCount, table: "teams", id: update.teamID)
            }
        }
    }

    public func updateStatus(teamID: String, status: TeamStatus, at: Date) async throws -> UpdateOutcome {
        try await guardedWrite { db in
            try db.execute(
                sql: "UPDATE teams SET status = ?, status_at = ? WHERE id = ? AND (status_at IS NULL OR status_at < ?)",
                arguments: [status.rawValue, at.storedValue, teamID, at.storedValue])
            return try outcome(db, changed: db.changesCount, table: "teams", id: teamID)
        }
    }

    public func updateAvailability(facilityID: String, bedsAvailable: Int, updatedAt: Date) async throws -> UpdateOutcome {
        try await guardedWrite { db in
            try db.execute(
                sql: """
                    UPDATE facilities SET beds_available = ?, availability_updated_at = ?
                    WHERE id = ? AND (availability_updated_at IS NULL OR availability_updated_at < ?)
                    """,
                arguments: [bedsAvailable, updatedAt.storedValue, facilityID, updatedAt.storedValue])
            return try outcome(db, changed: db.changesCount, table: "facilities", id: facilityID)
        }
    }

    private func outcome(_ db: Database, changed: Int, table: String, id: String) throws -> UpdateOutcome {
        if changed > 0 { return .applied }
        let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)", arguments: [id]) ?? false
        return exists ? .olderThanStored : .notFound
    }
}

