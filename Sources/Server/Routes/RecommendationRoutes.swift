import Contract
import CrisisDispatch
import Foundation
import Hummingbird
import Store

/// Which team to send and where the person can go: the dispatcher's and
/// the clinician's questions, answered from the resident engine.
enum RecommendationRoutes {
    static let recommend = Endpoint(.post, "/v1/recommendations", roles: [.dispatcher, .clinician], refusedUnaudited: true)
    static let nearestTeams = Endpoint(.get, "/v1/teams/nearest", roles: [.dispatcher, .clinician], audited: true)
    static let nearestFacilities = Endpoint(.get, "/v1/facilities/nearest", roles: [.dispatcher, .clinician])

    @JSONAnswer
    struct Answer: JSONTextWritable {
        var teams: RecommendationJSON<TeamResultJSON>
        var facilities: RecommendationJSON<FacilityResultJSON>
    }

    /// Which call an assigned team is on is call data: dispatchers (and admins) only.
    static func forCaller(_ answer: RecommendationJSON<TeamResultJSON>, _ context: APIContext) -> RecommendationJSON<TeamResultJSON> {
        guard let role = context.caller?.role, role != .dispatcher, role != .admin else { return answer }
        var answer = answer
        for index in answer.excluded.indices { answer.excluded[index].call_id = nil }
        return answer
    }

    static func register(on router: Router<APIContext>, services: APIServices) {
        router.add(recommend, services) { request, context in
            var fields = try RequestFields(body: try await request.bodyData(context: context), allowed: RecommendationRequest.bodyFields)
            let query = try RecommendationRequest(&fields, now: Date())
            let engine = services.engine
            return try jsonResponse(written: Answer(
                teams: Self.forCaller(RecommendationJSON(engine.nearestTeams(query.teamQuery, routes: query.includeRoutes)), context),
                facilities: RecommendationJSON(engine.nearestFacilities(query.facilityQuery, routes: query.includeRoutes))))
        }
        router.add(nearestTeams, services) { request, context in
            var fields = RequestFields(query: request.queryFields, allowed: RecommendationRequest.teamQueryFields)
            let query = try RecommendationRequest(&fields, now: Date())
            return try jsonResponse(written: Self.forCaller(RecommendationJSON(services.engine.nearestTeams(query.teamQuery)), context))
        }
        router.add(nearestFacilities, services) { request, _ in
            var fields = RequestFields(query: request.queryFields, allowed: RecommendationRequest.facilityQueryFields)
            let query = try RecommendationRequest(&fields, now: Date())
            return try jsonResponse(written: RecommendationJSON(services.engine.nearestFacilities(query.facilityQuery)))
        }
    }
}
