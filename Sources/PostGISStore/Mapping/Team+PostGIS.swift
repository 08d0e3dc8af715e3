import Foundation
import GeoCore
import PostgresNIO
import Store

extension Team: PostGISPointMapping {
    static let table = "teams"
    static let columns = ["id", "call_sign", "model", "status", "lat", "lon", "fix_at", "skills", "agency", "extra"]

    var copyFields: [String?] {
        [
            id, callSign, model.rawValue, status.rawValue, CopyField.number(location.latitude),
            CopyField.number(location.longitude), CopyField.time(fixAt), JSONColumn.encode(skills), agency,
            JSONColumn.encode(extra),
        ]
    }

    init(row: PostgresRandomAccessRow) throws {
        let table = Self.table
        self.init(
            id: try row.value("id"),
            callSign: try row.value("call_sign"),
            model: try row.enumValue("model", table: table),
            status: try row.enumValue("status", table: table),
            location: Coordinate(uncheckedLatitude: try row.value("lat"), longitude: try row.value("lon")),
            fixAt: Date(timeIntervalSince1970: try row.value("fix_at")),
            skills: try JSONColumn.strings(try row.value("skills"), column: "skills", table: table),
            agency: try row.value("agency"),
            extra: try JSONColumn.extra(try row.value("extra"), table: table)
        )
    }
}
