import Contract
import Foundation
import GeoCore
import Hummingbird
import Interchange
import Store

/// Shared steps of the registry endpoints: a record in and out as a GeoJSON
/// Feature, exactly as `crisismap import` and `export` write it.
enum Registry {
    struct Written: Encodable {
        var id: String
        var created: Bool
    }

    /// The path id is the record's id: a body naming another id is refused.
    static func feature(_ request: Request, context: APIContext) async throws -> [String: Any] {
        var feature = try RequestFields.object(from: try await request.bodyData(context: context))
        let id = context.parameters.get("id") ?? ""
        var properties = feature["properties"] as? [String: Any] ?? [:]
        let bodyID = properties["id"] ?? feature["id"]
        if let bodyID, (bodyID as? String) != id {
            throw APIProblem.invalid([FieldError(field: "id", message: "the body's id \(bodyID) differs from the path's '\(id)'")])
        }
        properties["id"] = id
        feature["properties"] = properties
        return feature
    }

    /// The body's record, or 422 with every problem, times from a wrong clock included.
    static func decode<Record: ClockedRecord>(checking skew: ClockSkew, _ decode: () throws(FieldErrors) -> Record) throws -> Record {
        let record: Record
        do { record = try decode() } catch {
            throw APIProblem.invalid(error.errors)
        }
        let ahead = skew.problems(in: record)
        if !ahead.isEmpty { throw APIProblem.invalid(ahead) }
        return record
    }

    /// Upserts one record; 201 when it is new, 200 when it replaced one.
    static func write<Record: StoredRecord>(_ record: Record, to table: any RecordStore<Record>) async throws -> Response {
        let counts: UpsertCounts
        do {
            counts = try await table.upsert([record])
        } catch StoreError.invalidRecord(_, let field, let reason) {
            throw APIProblem.invalid([FieldError(field: field, message: reason)])
        }
        return try jsonResponse(Written(id: record.id, created: counts.inserted == 1), status: counts.inserted == 1 ? .created : .ok)
    }

    static func deleted(_ removed: Bool, what: String) throws -> Response {
        guard removed else { throw APIProblem.notFound(what) }
        return Response(status: .noContent)
    }

    /// `?bbox=west,south,east,north` in degrees.
    static func boundingBox(_ fields: inout RequestFields, text: String?) -> BoundingBox? {
        guard let text else { return nil }
        guard let box = BoundingBox(text: text) else {
            fields.fail("bbox", "expected west,south,east,north in degrees (west < east, south < north)")
            return nil
        }
        return box
    }
}

enum FacilityRoutes {
    static let list = Endpoint(.get, "/v1/facilities", roles: Endpoint.everyRole)
    static let read = Endpoint(.get, "/v1/facilities/{id}", roles: Endpoint.everyRole)
    static let write = Endpoint(.put, "/v1/facilities/{id}", roles: [], audited: true)
    static let remove = Endpoint(.delete, "/v1/facilities/{id}", roles: [], audited: true)
    static let availability = Endpoint(.put, "/v1/facilities/{id}/availability", roles: [.facility], audited: true)

    static let listFields: Set<String> = ["bbox", "kind", "limit", "after"]
    static let availabilityFields: Set<String> = ["beds_available", "updated_at"]

    /// A listed facility says whether it is open now, as a GeoJSON foreign
    /// member beside `properties`, so a map can show it without parsing
    /// opening hours; the properties stay exactly what a PUT takes.
    static func listed(_ facility: Facility, now: Date) -> [String: Any] {
        var feature = FeatureCodec.featureObject(facility)
        if let hours = facility.hours, let zone = TimeZone(identifier: facility.timeZone) {
            feature["open_now"] = hours.isOpen(at: now, in: zone)
        } else {
            feature["open_now"] = true
        }
        return feature
    }

    static func register(on router: Router<APIContext>, services: APIServices) {
        let table = services.store.facilities
        router.add(list, services) { request, _ in
            let query = request.queryFields
            var fields = RequestFields(query: query, allowed: listFields)
            let box = Registry.boundingBox(&fields, text: query["bbox"])
            let kinds: [FacilityKind] = fields.enumList("kind")
            let limit = fields.int("limit", in: 1...1_000) ?? 100
            let after = fields.string("after")
            try fields.finish()
            var found: [Facility] = []
            if let box {
                found = try await table.records(in: box, limit: 100_000).filter { after == nil || $0.id > after! }
            } else {
                var cursor = after
                while found.count < limit {
                    let page = try await table.page(after: cursor, limit: 1_000)
                    found += kinds.isEmpty ? page : page.filter { kinds.contains($0.kind) }
                    guard page.count == 1_000, let last = page.last else { break }
                    cursor = last.id
                }
            }
            if !kinds.isEmpty { found = found.filter { kinds.contains($0.kind) } }
            let page = Array(found.prefix(limit))
            let now = Date()
            var collection: [String: Any] = ["type": "FeatureCollection", "features": page.map { listed($0, now: now) }]
            if found.count > limit, let last = page.last { collection["next_after"] = last.id }
            return try jsonResponse(object: collection)
        }
        router.add(read, services) { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let facility = try await table.record(id: id) else { throw APIProblem.notFound("no facility '\(id)'") }
            return try jsonResponse(object: FeatureCodec.featureObject(facility))
        }
        router.add(write, services) { request, context in
            let feature = try await Registry.feature(request, context: context)
            let facility = try Registry.decode(checking: services.clockSkew) { () throws(FieldErrors) in try FeatureCodec.facility(from: feature) }
            let response = try await Registry.write(facility, to: table)
            services.engine.upsert(facility)
            return response
        }
        router.add(remove, services) { _, context in
            let id = context.parameters.get("id") ?? ""
            let removed = try await table.delete(id: id)
            services.engine.removeFacility(id: id)
            return try Registry.deleted(removed, what: "no facility '\(id)'")
        }
        router.add(availability, services) { request, context in
            let caller = try context.requireCaller()
            let id = context.parameters.get("id") ?? ""
            if caller.role == .facility, caller.key.facilityID != id {
                throw APIProblem.forbidden("this facility key may only set the availability of \(caller.key.facilityID ?? "no facility")")
            }
            var fields = try RequestFields(body: try await request.bodyData(context: context), allowed: availabilityFields)
            let beds = fields.int("beds_available", required: true, in: 0...100_000)
            let updatedAt = fields.date("updated_at", required: true, notAheadBy: services.clockSkew)
            try fields.finish()
            guard let beds, let updatedAt else { throw APIProblem.invalid(fields.errors) }
            let outcome = try await services.live.updateAvailability(facilityID: id, bedsAvailable: beds, updatedAt: updatedAt)
            if outcome == .notFound { throw APIProblem.notFound("no facility '\(id)'") }
            return try UpdateAnswer(applied: outcome == .applied, reason: outcome.reason).audited()
        }
    }
}
