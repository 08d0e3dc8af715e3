import Foundation
import GeoCore
import Store

/// How one kind of record reads from and writes to files. The property
/// names are the contract of DESIGN.md's "File formats" table.
protocol InterchangeRecord: StoredRecord {
    /// Property names in export order (CSV column order after the coordinates).
    static var fieldNames: [String] { get }
    /// The properties every record must carry (bold in DESIGN.md's table).
    static var requiredFieldNames: [String] { get }
    /// Whether the record is a point (lat/lon) or an area (polygon geometry).
    static var isPoint: Bool { get }

    static func decode(_ fields: some FieldSource, geometry: Geometry) throws(FieldError) -> Self

    var exportFields: [(String, ExportValue)] { get }
    var geometry: Geometry { get }
    var extra: [String: JSONValue] { get }
}

extension InterchangeRecord {
    static var isPoint: Bool { true }
}

/// Point kinds must come with a Point geometry.
func pointLocation(of geometry: Geometry) throws(FieldError) -> Coordinate {
    guard case .point(let coordinate) = geometry else {
        throw FieldError(field: "geometry", message: "expected a Point, found a \(geometry.typeName)")
    }
    return coordinate
}

extension Facility: InterchangeRecord {
    static let fieldNames = [
        "id", "name", "kind", "address", "phone", "accepts", "age_min", "age_max", "services", "languages",
        "payers", "timezone", "hours", "beds_total", "beds_available", "availability_updated_at",
    ]
    static let requiredFieldNames = ["id", "name", "kind", "timezone"]

    static func decode(_ fields: some FieldSource, geometry: Geometry) throws(FieldError) -> Facility {
        let timeZone = try fields.requiredString("timezone")
        guard TimeZone(identifier: timeZone) != nil else {
            throw FieldError(field: "timezone", message: "'\(timeZone)' is not an IANA time zone like America/Denver")
        }
        var hours: OpeningHours?
        if let text = try fields.string("hours") {
            do { hours = try OpeningHours(parsing: text) } catch {
                throw FieldError(field: "hours", message: error.description)
            }
        }
        let ageMin = try fields.int("age_min", in: 0...130)
        let ageMax = try fields.int("age_max", in: 0...130)
        if let ageMin, let ageMax, ageMin > ageMax {
            throw FieldError(field: "age_max", message: "\(ageMax) is below age_min \(ageMin)")
        }
        let bedsTotal = try fields.int("beds_total", in: 0...100_000)
        let bedsAvailable = try fields.int("beds_available", in: 0...100_000)
        if let bedsTotal, let bedsAvailable, bedsAvailable > bedsTotal {
            throw FieldError(field: "beds_available", message: "\(bedsAvailable) is more than beds_total \(bedsTotal)")
        }
        return Facility(
            id: try fields.requiredString("id"),
            name: try fields.requiredString("name"),
            kind: try fields.requiredEnum("kind"),
            location: try pointLocation(of: geometry),
            address: try fields.string("address"),
            phone: try fields.string("phone"),
            accepts: try fields.enumList("accepts"),
            ageMin: ageMin,
            ageMax: ageMax,
            services: try fields.enumList("services"),
            languages: try fields.list("languages"),
            payers: try fields.list("payers"),
            timeZone: timeZone,
            hours: hours,
            bedsTotal: bedsTotal,
            bedsAvailable: bedsAvailable,
            availabilityUpdatedAt: try fields.date("availability_updated_at"),
            extra: fields.extra()
        )
    }

    var exportFields: [(String, ExportValue)] {
        [
            ("id", .text(id)), ("name", .text(name)), ("kind", .text(kind.rawValue)),
            ("address", address.exported(ExportValue.text)), ("phone", phone.exported(ExportValue.text)),
            ("accepts", .list(accepts.map(\.rawValue))),
            ("age_min", ageMin.exported(ExportValue.integer)), ("age_max", ageMax.exported(ExportValue.integer)),
            ("services", .list(services.map(\.rawValue))), ("languages", .list(languages)),
            ("payers", .list(payers)), ("timezone", .text(timeZone)),
            ("hours", hours.exported { .text($0.text) }),
            ("beds_total", bedsTotal.exported(ExportValue.integer)),
            ("beds_available", bedsAvailable.exported(ExportValue.integer)),
            ("availability_updated_at", availabilityUpdatedAt.exported { .text(RFC3339.format($0)) }),
        ]
    }

    var geometry: Geometry { .point(location) }
}

extension Team: InterchangeRecord {
    static let fieldNames = ["id", "call_sign", "model", "status", "fix_at", "skills", "agency"]
    static let requiredFieldNames = ["id", "model", "status", "fix_at"]

    static func decode(_ fields: some FieldSource, geometry: Geometry) throws(FieldError) -> Team {
        Team(
            id: try fields.requiredString("id"),
            callSign: try fields.string("call_sign"),
            model: try fields.requiredEnum("model"),
            status: try fields.requiredEnum("status"),
            location: try pointLocation(of: geometry),
            fixAt: try fields.requiredDate("fix_at"),
            skills: try fields.list("skills"),
            agency: try fields.string("agency"),
            extra: fields.extra()
        )
    }

    var exportFields: [(String, ExportValue)] {
        [
            ("id", .text(id)), ("call_sign", callSign.exported(ExportValue.text)),
            ("model", .text(model.rawValue)), ("status", .text(status.rawValue)),
            ("fix_at", .text(RFC3339.format(fixAt))), ("skills", .list(skills)),
            ("agency", agency.exported(ExportValue.text)),
        ]
    }

    var geometry: Geometry { .point(location) }
}

extension CrisisCall: InterchangeRecord {
    static let fieldNames = ["id", "received_at", "category", "priority", "disposition", "team_id", "facility_id"]
    static let requiredFieldNames = ["id", "received_at", "category"]

    static func decode(_ fields: some FieldSource, geometry: Geometry) throws(FieldError) -> CrisisCall {
        CrisisCall(
            id: try fields.requiredString("id"),
            receivedAt: try fields.requiredDate("received_at"),
            category: try fields.requiredEnum("category"),
            location: try pointLocation(of: geometry),
            priority: try fields.int("priority", in: 1...5),
            disposition: try fields.enumValue("disposition"),
            teamID: try fields.string("team_id"),
            facilityID: try fields.string("facility_id"),
            extra: fields.extra()
        )
    }

    var exportFields: [(String, ExportValue)] {
        [
            ("id", .text(id)), ("received_at", .text(RFC3339.format(receivedAt))),
            ("category", .text(category.rawValue)), ("priority", priority.exported(ExportValue.integer)),
            ("disposition", disposition.exported { .text($0.rawValue) }),
            ("team_id", teamID.exported(ExportValue.text)), ("facility_id", facilityID.exported(ExportValue.text)),
        ]
    }

    var geometry: Geometry { .point(location) }
}

extension Area: InterchangeRecord {
    static let fieldNames = ["id", "name", "kind", "population"]
    static let requiredFieldNames = ["id", "name", "population"]
    static var isPoint: Bool { false }

    static func decode(_ fields: some FieldSource, geometry: Geometry) throws(FieldError) -> Area {
        guard case .point = geometry else { return try make(fields, geometry: geometry.simplifiedMulti) }
        throw FieldError(field: "geometry", message: "expected a Polygon or MultiPolygon, found a Point")
    }

    private static func make(_ fields: some FieldSource, geometry: Geometry) throws(FieldError) -> Area {
        guard let population = try fields.int("population", in: 0...1_000_000_000) else {
            throw FieldError(field: "population", message: "is required but missing")
        }
        return Area(
            id: try fields.requiredString("id"),
            name: try fields.requiredString("name"),
            kind: try fields.enumValue("kind"),
            population: population,
            geometry: geometry,
            extra: fields.extra()
        )
    }

    var exportFields: [(String, ExportValue)] {
        [
            ("id", .text(id)), ("name", .text(name)), ("kind", kind.exported { .text($0.rawValue) }),
            ("population", .integer(population)),
        ]
    }
}
