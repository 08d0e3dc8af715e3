import Contract
import CrisisDispatch
import Foundation
import Hummingbird
import Interchange
import Store

/// Live unit state: the registry row of a team, its position and status
/// feeds (an update older than the stored one is ignored, not applied), and
/// the event stream a dispatch map listens to.
enum TeamRoutes {
    static let read = Endpoint(.get, "/v1/teams/{id}", roles: [.dispatcher, .device])
    static let write = Endpoint(.put, "/v1/teams/{id}", roles: [.dispatcher], audited: true)
    static let remove = Endpoint(.delete, "/v1/teams/{id}", roles: [.dispatcher], audited: true)
    static let position = Endpoint(.put, "/v1/teams/{id}/position", roles: [.dispatcher, .device], audited: true)
    static let status = Endpoint(.put, "/v1/teams/{id}/status", roles: [.dispatcher, .device], audited: true)

    static let positionFields: Set<String> = ["lat", "lon", "fix_at"]
    static let statusFields: Set<String> = ["status", "at"]

    static func register(on router: Router<APIContext>, services: APIServices) {
        let table = services.store.teams
        router.add(read, services) { _, context in
            let id = try ownTeam(context)
            guard let team = try await table.record(id: id) else { throw APIProblem.notFound("no team '\(id)'") }
            return try jsonResponse(object: FeatureCodec.featureObject(team))
        }
        router.add(write, services) { request, context in
            let feature = try await Registry.feature(request, context: context)
            let team = try Registry.decode(checking: services.clockSkew) { () throws(FieldErrors) in try FeatureCodec.team(from: feature) }
            let response = try await Registry.write(team, to: table)
            services.engine.upsert(team)
            services.events.publish(TeamEvent(change: "upsert", team: team, id: team.id, at: Date()))
            return response
        }
        router.add(remove, services) { _, context in
            let id = context.parameters.get("id") ?? ""
            let removed = try await table.delete(id: id)
            services.engine.removeTeam(id: id)
            if removed { services.events.publish(TeamEvent(change: "delete", team: nil, id: id, at: Date())) }
            return try Registry.deleted(removed, what: "no team '\(id)'")
        }
        router.add(position, services) { request, context in
            let id = try ownTeam(context)
            var fields = try RequestFields(body: try await request.bodyData(context: context), allowed: positionFields)
            let location = fields.location()
            let fixAt = fields.date("fix_at", required: true, notAheadBy: services.clockSkew)
            try fields.finish()
            guard let location, let fixAt else { throw APIProblem.invalid(fields.errors) }
            let outcome = try await services.live.updatePositions([PositionUpdate(teamID: id, location: location, fixAt: fixAt)])[0]
            return try answer(outcome, id: id, change: "position", services: services)
        }
        router.add(status, services) { request, context in
            let id = try ownTeam(context)
            var fields = try RequestFields(body: try await request.bodyData(context: context), allowed: statusFields)
            let status: TeamStatus? = fields.enumValue("status", required: true)
            let at = fields.date("at", required: true, notAheadBy: services.clockSkew)
            try fields.finish()
            guard let status, let at else { throw APIProblem.invalid(fields.errors) }
            let outcome = try await services.live.updateStatus(teamID: id, status: status, at: at)
            return try answer(outcome, id: id, change: "status", services: services)
        }
    }

    /// The team in the path, which a device key must be bound to (or to all teams).
    private static func ownTeam(_ context: APIContext) throws -> String {
        let id = context.parameters.get("id") ?? ""
        try context.requireCaller().requireReporting(for: id)
        return id
    }

    private static func answer(_ outcome: UpdateOutcome, id: String, change: String, services: APIServices) throws -> Response {
        if outcome == .notFound { throw APIProblem.notFound("no team '\(id)'") }
        if outcome == .applied {
            services.events.publish(TeamEvent(change: change, team: services.engine.team(id: id), id: id, at: Date()))
        }
        return try UpdateAnswer(applied: outcome == .applied, reason: outcome.reason).audited()
    }
}
