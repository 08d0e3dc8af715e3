import Foundation
import GeoCore
import PostgresNIO
import Store

extension CrisisCall: PostGISPointMapping {
    static let table = "calls"
    static let columns = [
        "id", "received_at", "category", "priority", "disposition", "team_id", "facility_id", "lat", "lon", "extra",
    ]

    var copyFields: [String?] {
        [
            id, CopyField.time(receivedAt), category.rawValue, CopyField.number(priority), disposition?.rawValue, teamID,
            facilityID, CopyField.number(location.latitude), CopyField.number(location.longitude), JSONColumn.encode(extra),
        ]
    }

    init(row: PostgresRandomAccessRow) throws {
        let table = Self.table
        let disposition = try row.value("disposition", as: String?.self)
        self.init(
            id: try row.value("id"),
            receivedAt: Date(timeIntervalSince1970: try row.value("received_at")),
            category: try row.enumValue("category", table: table),
            location: Coordinate(uncheckedLatitude: try row.value("lat"), longitude: try row.value("lon")),
            priority: try row.value("priority"),
            disposition: try disposition.map { try JSONColumn.enumValue($0, column: "disposition", table: table) },
            teamID: try row.value("team_id"),
            facilityID: try row.value("facility_id"),
            extra: try JSONColumn.extra(try row.value("extra"), table: table)
        )
    }
}
