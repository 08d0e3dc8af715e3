import Foundation
import GeoCore
import GRDB
import Store

extension CrisisCall: SpatiaLiteMapping {
    static let table = "calls"
    static let columns = [
        "id", "received_at", "category", "priority", "disposition", "team_id", "facility_id", "lat", "lon", "extra",
    ]
    static let geometrySQL = "MakePoint(?, ?, 4326)"

    var databaseValues: [(any DatabaseValueConvertible)?] {
        [
            id, receivedAt.storedValue, category.rawValue, priority, disposition?.rawValue, teamID, facilityID,
            location.latitude, location.longitude, JSONColumn.encode(extra),
            location.longitude, location.latitude,
        ]
    }

    init(row: Row) throws {
        let table = Self.table
        let disposition: String? = row["disposition"]
        self.init(
            id: row["id"],
            receivedAt: Date(storedValue: row["received_at"]),
            category: try JSONColumn.enumValue(row["category"], column: "category", table: table),
            location: Coordinate(uncheckedLatitude: row["lat"], longitude: row["lon"]),
            priority: row["priority"],
            disposition: try disposition.map { try JSONColumn.enumValue($0, column: "disposition", table: table) },
            teamID: row["team_id"],
            facilityID: row["facility_id"],
            extra: try JSONColumn.extra(row["extra"], table: table)
        )
    }
}
