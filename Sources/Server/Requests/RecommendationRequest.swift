import CrisisDispatch
import Contract
import Foundation
import GeoCore
import Store

/// A call's location and needs, from `POST /v1/recommendations` or the
/// query strings of the `nearest` endpoints.
struct RecommendationRequest {
    static let bodyFields: Set<String> = [
        "lat", "lon", "at", "needs", "age", "police_transport", "services", "kind", "limit", "max_fix_age_s", "include_routes",
    ]
    static let teamQueryFields: Set<String> = ["lat", "lon", "at", "needs", "limit", "max_fix_age_s"]
    static let facilityQueryFields: Set<String> = ["lat", "lon", "at", "age", "police_transport", "services", "kind", "limit"]

    var location: Coordinate
    var at: Date
    var limit: Int
    var skills: [String]
    var maxFixAge: TimeInterval?
    var age: Int?
    var policeTransport: Bool
    var services: [FacilityService]
    var kinds: Set<FacilityKind>?
    /// Each result carries its drive as a GeoJSON LineString (road ETAs only).
    var includeRoutes: Bool

    init(_ fields: inout RequestFields, now: Date) throws {
        let location = fields.location()
        at = fields.date("at") ?? now
        limit = fields.int("limit", in: 1...100) ?? 5
        skills = fields.list("needs")
        maxFixAge = fields.double("max_fix_age_s", in: 1...86_400)
        age = fields.int("age", in: 0...130)
        policeTransport = fields.bool("police_transport") ?? false
        includeRoutes = fields.bool("include_routes") ?? false
        services = fields.enumList("services")
        let kinds: [FacilityKind] = fields.enumList("kind")
        self.kinds = kinds.isEmpty ? nil : Set(kinds)
        try fields.finish()
        guard let location else { throw APIProblem.invalid([FieldError(field: "lat", message: "is required")]) }
        self.location = location
    }

    var teamQuery: TeamQuery {
        TeamQuery(location: location, at: at, limit: limit, needs: skills, maxFixAge: maxFixAge)
    }

    var facilityQuery: FacilityQuery {
        FacilityQuery(location: location, at: at, limit: limit, kinds: kinds, age: age,
                      policeTransport: policeTransport, services: services)
    }
}
