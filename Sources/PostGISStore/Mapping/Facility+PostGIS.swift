import Foundation
import GeoCore
import PostgresNIO
import Store

extension Facility: PostGISPointMapping {
    static let table = "facilities"
    static let columns = [
        "id", "name", "kind", "lat", "lon", "address", "phone", "accepts", "age_min", "age_max",
        "services", "languages", "payers", "timezone", "hours", "beds_total", "beds_available",
        "availability_updated_at", "extra",
    ]

    var copyFields: [String?] {
        [
            id, name, kind.rawValue, CopyField.number(location.latitude), CopyField.number(location.longitude), address, phone,
            JSONColumn.encode(accepts.map(\.rawValue)), CopyField.number(ageMin), CopyField.number(ageMax),
            JSONColumn.encode(services.map(\.rawValue)), JSONColumn.encode(languages), JSONColumn.encode(payers),
            timeZone, hours?.text, CopyField.number(bedsTotal), CopyField.number(bedsAvailable),
            CopyField.time(availabilityUpdatedAt), JSONColumn.encode(extra),
        ]
    }

    init(row: PostgresRandomAccessRow) throws {
        let table = Self.table
        let hoursText = try row.value("hours", as: String?.self)
        self.init(
            id: try row.value("id"),
            name: try row.value("name"),
            kind: try row.enumValue("kind", table: table),
            location: Coordinate(uncheckedLatitude: try row.value("lat"), longitude: try row.value("lon")),
            address: try row.value("address"),
            phone: try row.value("phone"),
            accepts: try row.enums("accepts", table: table),
            ageMin: try row.value("age_min"),
            ageMax: try row.value("age_max"),
            services: try row.enums("services", table: table),
            languages: try JSONColumn.strings(try row.value("languages"), column: "languages", table: table),
            payers: try JSONColumn.strings(try row.value("payers"), column: "payers", table: table),
            timeZone: try row.value("timezone"),
            hours: try hoursText.map { try OpeningHours(parsing: $0) },
            bedsTotal: try row.value("beds_total"),
            bedsAvailable: try row.value("beds_available"),
            availabilityUpdatedAt: try row.date("availability_updated_at"),
            extra: try JSONColumn.extra(try row.value("extra"), table: table)
        )
    }
}
