import Foundation
import Hummingbird
import Interchange
import Store

/// What a map needs to draw before any call is placed: who the key is, the
/// service area's outlines, and every team with its live state.
enum DirectoryRoutes {
    static let me = Endpoint(.get, "/v1/me", roles: Endpoint.everyRole)
    static let areas = Endpoint(.get, "/v1/areas", roles: [.dispatcher, .clinician, .planner])
    static let teams = Endpoint(.get, "/v1/teams", roles: [.dispatcher])

    struct Identity: Encodable {
        var key_id: String
        var name: String
        var role: String
        var facility_id: String?
        var team_id: String?
    }

    static func register(on router: Router<APIContext>, services: APIServices) {
        router.add(me, services) { request, context in
            let caller = try context.requireCaller()
            try RequestFields(query: request.queryFields, allowed: []).finish()
            let key = caller.key
            return try jsonResponse(Identity(key_id: key.id, name: key.name, role: key.role.rawValue,
                                             facility_id: key.facilityID, team_id: key.boundTeam))
        }
        router.add(areas, services) { request, _ in
            try RequestFields(query: request.queryFields, allowed: []).finish()
            let all = try await services.store.areas.all()
            return try jsonResponse(object: ["type": "FeatureCollection", "features": all.map(FeatureCodec.featureObject)])
        }
        router.add(teams, services) { request, _ in
            try RequestFields(query: request.queryFields, allowed: []).finish()
            let all = try await services.store.teams.all()
            return try jsonResponse(object: ["type": "FeatureCollection", "features": all.map(FeatureCodec.featureObject)])
        }
    }
}
