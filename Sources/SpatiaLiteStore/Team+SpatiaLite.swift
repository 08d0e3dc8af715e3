import Foundation
import GeoCore
import GRDB
import Store

extension Team: SpatiaLiteMapping {
    static let table = "teams"
    static let columns = ["id", "call_sign", "model", "status", "lat", "lon", "fix_at", "skills", "agency", "extra"]
    static let geometrySQL = "MakePoint(?, ?, 4326)"

    var databaseValues: [(any DatabaseValueConvertible)?] {
        [
            id, callSign, model.rawValue, status.rawValue, location.latitude, location.longitude,
            fixAt.storedValue, JSONColumn.encode(skills), agency, JSONColumn.encode(extra),
            location.longitude, location.latitude,
        ]
    }

    init(row: Row) throws {
        let table = Self.table
        self.init(
            id: row["id"],
            callSign: row["call_sign"],
            model: try JSONColumn.enumValue(row["model"], column: "model", table: table),
            status: try JSONColumn.enumValue(row["status"], column: "status", table: table),
            location: Coordinate(uncheckedLatitude: row["lat"], longitude: row["lon"]),
            fixAt: Date(storedValue: row["fix_at"]),
            skills: try JSONColumn.strings(row["skills"], column: "skills", table: table),
            agency: row["agency"],
            extra: try JSONColumn.extra(row["extra"], table: table)
        )
    }
}
