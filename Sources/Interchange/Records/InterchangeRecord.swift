import Contract
import Foundation
import GeoCore
import Store

/// How one kind of record reads from and writes to files. The property
/// names are the contract of DESIGN.md's "File formats" table.
protocol InterchangeRecord: StoredRecord, ClockedRecord {
    /// Property names in export order (CSV column order after the coordinates).
    static var fieldNames: [String] { get }
    /// Properties a CSV export writes as columns only when some record has
    /// one (after `fieldNames`), so files without them keep their old shape.
    static var fieldNamesWhenUsed: [String] { get }
    /// The properties every record must carry (bold in DESIGN.md's table).
    static var requiredFieldNames: [String] { get }
    /// Whether the record is a point (lat/lon) or an area (polygon geometry).
    static var isPoint: Bool { get }

    /// The record, or nil with every problem recorded in `fields`. `geometry`
    /// is already read; `extra` holds the fields no column takes.
    static func decode<Source: FieldSource>(
        _ fields: inout FieldReader<Source>, geometry: Geometry, extra: [String: JSONValue]
    ) -> Self?

    var exportFields: [(String, ExportValue)] { get }
    var geometry: Geometry { get }
    var extra: [String: JSONValue] { get }
}

extension InterchangeRecord {
    static var isPoint: Bool { true }
    static var fieldNamesWhenUsed: [String] { [] }
    /// Every property a file may carry in a column of its own.
    static var knownFieldNames: [String] { fieldNames + fieldNamesWhenUsed }
}

/// Point kinds must come with a Point geometry.
func pointLocation<Source: FieldSource>(of geometry: Geometry, _ fields: inout FieldReader<Source>) -> Coordinate? {
    guard case .point(let coordinate) = geometry else {
        fields.fail("geometry", "expected a Point, found a \(geometry.typeName)")
        return nil
    }
    return coordinate
}

extension Facility: InterchangeRecord {
    static let fieldNames = [
        "id", "name", "kind", "address", "phone", "accepts", "age_min", "age_max", "services", "languages",
        "payers", "timezone", "hours", "beds_total", "beds_available", "availability_updated_at",
    ]
    static let requiredFieldNames = ["id", "name", "kind", "timezone"]

    static func decode<Source: FieldSource>(
        _ fields: inout FieldReader<Source>, geometry: Geometry, extra: [String: JSONValue]
    ) -> Facility? {
        let timeZone = fields.string("timezone", required: true)
        if let timeZone, TimeZone(identifier: timeZone) == nil {
            fields.fail("timezone", "'\(timeZone)' is not an IANA time zone like America/Denver")
        }
        var hours: OpeningHours?
        if let text = fields.string("hours") {
            do { hours = try OpeningHours(parsing: text) } catch { fields.fail("hours", error.description) }
        }
        let ageMin = fields.int("age_min", in: 0...130)
        let ageMax = fields.int("age_max", in: 0...130)
        if let ageMin, let ageMax, ageMin > ageMax {
            fields.fail("age_max", "\(ageMax) is below age_min \(ageMin)")
        }
        let bedsTotal = fields.int("beds_total", in: 0...100_000)
        let bedsAvailable = fields.int("beds_available", in: 0...100_000)
        if let bedsTotal, let bedsAvailable, bedsAvailable > bedsTotal {
            fields.fail("beds_available", "\(bedsAvailable) is more than beds_total \(bedsTotal)")
        }
        let id = fields.string("id", required: true)
        let name = fields.string("name", required: true)
        let kind: FacilityKind? = fields.enumValue("kind", required: true)
        let location = pointLocation(of: geometry, &fields)
        let address = fields.string("address")
        let phone = fields.string("phone")
        let accepts: [Acceptance] = fields.enumList("accepts")
        let services: [FacilityService] = fields.enumList("services")
        let languages = fields.list("languages")
        let payers = fields.list("payers")
        let availabilityUpdatedAt = fields.date("availability_updated_at")
        guard fields.errors.isEmpty, let id, let name, let kind, let location, let timeZone else { return nil }
        return Facility(
            id: id, name: name, kind: kind, location: location, address: address, phone: phone, accepts: accepts,
            ageMin: ageMin, ageMax: ageMax, services: services, languages: languages, payers: payers, timeZone: timeZone,
            hours: hours, bedsTotal: bedsTotal, bedsAvailable: bedsAvailable,
            availabilityUpdatedAt: availabilityUpdatedAt, extra: extra)
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

    static func decode<Source: FieldSource>(
        _ fields: inout FieldReader<Source>, geometry: Geometry, extra: [String: JSONValue]
    ) -> Team? {
        let id = fields.string("id", required: true)
        let callSign = fields.string("call_sign")
        let model: TeamModel? = fields.enumValue("model", required: true)
        let status: TeamStatus? = fields.enumValue("status", required: true)
        let location = pointLocation(of: geometry, &fields)
        let fixAt = fields.date("fix_at", required: true)
        let skills = fields.list("skills")
        let agency = fields.string("agency")
        guard fields.errors.isEmpty, let id, let model, let status, let location, let fixAt else { return nil }
        return Team(id: id, callSign: callSign, model: model, status: status, location: location, fixAt: fixAt,
                    skills: skills, agency: agency, extra: extra)
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
    /// The team's timeline, from CAD exports or the lifecycle API.
    static var fieldNamesWhenUsed: [String] { CallTimes.columns.map(\.name) }
    static let requiredFieldNames = ["id", "received_at", "category"]

    static func decode<Source: FieldSource>(
        _ fields: inout FieldReader<Source>, geometry: Geometry, extra: [String: JSONValue]
    ) -> CrisisCall? {
        let id = fields.string("id", required: true)
        let receivedAt = fields.date("received_at", required: true)
        let category: CallCategory? = fields.enumValue("category", required: true)
        let location = pointLocation(of: geometry, &fields)
        let priority = fields.int("priority", in: 1...5)
        let disposition: Disposition? = fields.enumValue("disposition")
        let teamID = fields.string("team_id")
        let facilityID = fields.string("facility_id")
        let times = Self.times(&fields, receivedAt: receivedAt, teamID: teamID, facilityID: facilityID)
        guard fields.errors.isEmpty, let id, let receivedAt, let category, let location else { return nil }
        return CrisisCall(id: id, receivedAt: receivedAt, category: category, location: location, priority: priority,
                          disposition: disposition, teamID: teamID, facilityID: facilityID, times: times, extra: extra)
    }

    /// The team's timeline columns, each after the one it follows: a step
    /// before the previous one given is an error naming both fields.
    static func times<Source: FieldSource>(
        _ fields: inout FieldReader<Source>, receivedAt: Date?, teamID: String?, facilityID: String?
    ) -> CallTimes {
        var times = CallTimes()
        var previous = receivedAt.map { (name: "received_at", at: $0) }
        for column in CallTimes.columns {
            guard let at = fields.date(column.name) else { continue }
            times[keyPath: column.time] = at
            if let before = previous, at < before.at {
                fields.fail(column.name, "\(RFC3339.format(at)) is before \(before.name) \(RFC3339.format(before.at))")
            }
            previous = (column.name, at)
        }
        if !times.isEmpty, teamID == nil { fields.fail("team_id", "the timeline columns are the times of a team: name it") }
        if times.transportAt != nil, facilityID == nil { fields.fail("facility_id", "transport_at names the facility the person was taken to") }
        return times
    }

    var exportFields: [(String, ExportValue)] {
        [
            ("id", .text(id)), ("received_at", .text(RFC3339.format(receivedAt))),
            ("category", .text(category.rawValue)), ("priority", priority.exported(ExportValue.integer)),
            ("disposition", disposition.exported { .text($0.rawValue) }),
            ("team_id", teamID.exported(ExportValue.text)), ("facility_id", facilityID.exported(ExportValue.text)),
        ] + CallTimes.columns.map { column in
            (column.name, times[keyPath: column.time].exported { .text(RFC3339.format($0)) })
        }
    }

    var geometry: Geometry { .point(location) }
}

extension Area: InterchangeRecord {
    static let fieldNames = ["id", "name", "kind", "population"]
    static let requiredFieldNames = ["id", "name", "population"]
    static var isPoint: Bool { false }

    static func decode<Source: FieldSource>(
        _ fields: inout FieldReader<Source>, geometry: Geometry, extra: [String: JSONValue]
    ) -> Area? {
        if case .point = geometry {
            fields.fail("geometry", "expected a Polygon or MultiPolygon, found a Point")
            return nil
        }
        let population = fields.int("population", required: true, in: 0...1_000_000_000)
        let id = fields.string("id", required: true)
        let name = fields.string("name", required: true)
        let kind: AreaKind? = fields.enumValue("kind")
        guard fields.errors.isEmpty, let population, let id, let name else { return nil }
        return Area(id: id, name: name, kind: kind, population: population, geometry: geometry.simplifiedMulti, extra: extra)
    }

    var exportFields: [(String, ExportValue)] {
        [
            ("id", .text(id)), ("name", .text(name)), ("kind", kind.exported { .text($0.rawValue) }),
            ("population", .integer(population)),
        ]
    }
}
