import Foundation
import GeoCore
import GRDB
import Store

extension Facility: SpatiaLiteMapping {
    static let table = "facilities"
    static let columns = [
        "id", "name", "kind", "lat", "lon", "address", "phone", "accepts", "age_min", "age_max",
        "services", "languages", "payers", "timezone", "hours", "beds_total", "beds_available",
        "availability_updated_at", "extra",
    ]
    static let geometrySQL = "MakePoint(?, ?, 4326)"

    var databaseValues: [(any DatabaseValueConvertible)?] {
        [
            id, name, kind.rawValue, location.latitude, location.longitude, address, phone,
            JSONColumn.encode(accepts.map(\.rawValue)), ageMin, ageMax,
            JSONColumn.encode(services.map(\.rawValue)), JSONColumn.encode(languages),
            JSONColumn.encode(payers), timeZone, hours?.text, bedsTotal, bedsAvailable,
            availabilityUpdatedAt?.storedValue, JSONColumn.encode(extra),
            location.longitude, location.latitude,
        ]
    }

    init(row: Row) throws {
        let table = Self.table
        let hoursText: String? = row["hours"]
        self.init(
            id: row["id"],
            name: row["name"],
            kind: try JSONColumn.enumValue(row["kind"], column: "kind", table: table),
            location: Coordinate(uncheckedLatitude: row["lat"], longitude: row["lon"]),
            address: row["address"],
            phone: row["phone"],
            accepts: try JSONColumn.enums(row["accepts"], column: "accepts", table: table),
            ageMin: row["age_min"],
            ageMax: row["age_max"],
            services: try JSONColumn.enums(row["services"], column: "services", table: table),
            languages: try JSONColumn.strings(row["languages"], column: "languages", table: table),
            payers: try JSONColumn.strings(row["payers"], column: "payers", table: table),
            timeZone: row["timezone"],
            hours: try hoursText.map { try OpeningHours(parsing: $0) },
            bedsTotal: row["beds_total"],
            bedsAvailable: row["beds_available"],
            availabilityUpdatedAt: (row["availability_updated_at"] as Double?).map(Date.init(storedValue:)),
            extra: try JSONColumn.extra(row["extra"], table: table)
        )
    }
}
