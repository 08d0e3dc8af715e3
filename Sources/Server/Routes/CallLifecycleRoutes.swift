import Contract
import CrisisDispatch
import Foundation
import Hummingbird
import Store

/// Calls from received to cleared: the dispatcher assigns teams, crews (or
/// the dispatcher for them) report their steps, the dispatcher closes or
/// cancels the call. Every request reads or writes a person's call, so all
/// are audited, refused ones included, with the call as subject.
enum CallLifecycleRoutes {
    static let assign = Endpoint(.post, "/v1/calls/{id}/assignments", roles: [.dispatcher], refusedUnaudited: true)
    static let step = Endpoint(.put, "/v1/calls/{id}/assignments/{team_id}", roles: [.dispatcher, .device], refusedUnaudited: true)
    static let close = Endpoint(.post, "/v1/calls/{id}/close", roles: [.dispatcher], refusedUnaudited: true)
    static let cancel = Endpoint(.post, "/v1/calls/{id}/cancel", roles: [.dispatcher], refusedUnaudited: true)
    static let board = Endpoint(.get, "/v1/calls", roles: [.dispatcher], refusedUnaudited: true)

    static func register(on router: Router<APIContext>, services: APIServices) {
        router.add(assign, services) { request, context in
            let callID = context.parameters.get("id") ?? ""
            var fields = try RequestFields(body: try await request.bodyData(context: context), allowed: ["team_id", "at", "preempt"])
            let team = fields.string("team_id", required: true)
            let at = fields.date("at", required: true, notAheadBy: services.clockSkew)
            let preempt = fields.bool("preempt") ?? false
            try fields.finish()
            guard let team, let at else { throw APIProblem.invalid(fields.errors) }
            return try await apply(.assign(teamID: team, preempt: preempt), to: callID, at: at, status: .created, context, services)
        }
        router.add(step, services) { request, context in
            let callID = context.parameters.get("id") ?? ""
            let team = context.parameters.get("team_id") ?? ""
            try context.requireCaller().requireReporting(for: team)
            var fields = try RequestFields(body: try await request.bodyData(context: context), allowed: ["step", "at", "facility_id"])
            let step: AssignmentStep? = fields.enumValue("step", required: true)
            let at = fields.date("at", required: true, notAheadBy: services.clockSkew)
            let facility = fields.string("facility_id")
            if step == .assigned { fields.fail("step", "a team is assigned with POST /v1/calls/{id}/assignments") }
            try fields.finish()
            guard let step, let at else { throw APIProblem.invalid(fields.errors) }
            return try await apply(.step(teamID: team, step, facilityID: facility), to: callID, at: at, status: .ok, context, services)
        }
        router.add(close, services) { request, context in
            let callID = context.parameters.get("id") ?? ""
            var fields = try RequestFields(body: try await request.bodyData(context: context), allowed: ["disposition", "outcomes", "at"])
            let disposition: Disposition? = fields.enumValue("disposition", required: true)
            let outcomes = fields.enumList("outcomes", as: CallOutcome.self)
            let at = fields.date("at", required: true, notAheadBy: services.clockSkew)
            try fields.finish()
            guard let disposition, let at else { throw APIProblem.invalid(fields.errors) }
            return try await apply(.close(disposition, outcomes: outcomes), to: callID, at: at, status: .ok, context, services)
        }
        router.add(cancel, services) { request, context in
            let callID = context.parameters.get("id") ?? ""
            var fields = try RequestFields(body: try await request.bodyData(context: context), allowed: ["reason", "at"])
            let reason = fields.string("reason", required: true)
            let at = fields.date("at", required: true, notAheadBy: services.clockSkew)
            try fields.finish()
            guard let reason, let at else { throw APIProblem.invalid(fields.errors) }
            return try await apply(.cancel(reason: reason), to: callID, at: at, status: .ok, context, services)
        }
        router.add(board, services) { request, _ in
            var fields = RequestFields(query: request.queryFields, allowed: ["state", "within_h"])
            let state = fields.string("state", required: true)
            if let state, state != "open" { fields.fail("state", "only state=open (the board of calls not yet closed) is listed") }
            let hours = fields.double("within_h", in: 1...8_760) ?? 24
            try fields.finish()
            let now = Date()
            let open = try await services.store.lifecycle.openCalls(receivedSince: now.addingTimeInterval(-hours * 3_600))
            let rows = open.map { CallBoardJSON.Row($0, now: now) }
            var response = try jsonResponse(written: CallBoardJSON(as_of: RFC3339.format(now), calls: rows))
            AuditNote.attach(to: &response, outcome: "calls: \(rows.count)")
            return response
        }
    }

    /// Applies the action in the store, then lets the engine and the team
    /// stream follow the teams whose status changed.
    private static func apply(
        _ action: LifecycleAction, to callID: String, at: Date, status: HTTPResponse.Status,
        _ context: APIContext, _ services: APIServices
    ) async throws -> Response {
        let caller = try context.requireCaller()
        let change = try await services.store.lifecycle.apply(action, toCall: callID, at: at, keyID: caller.key.id)
        for team in change.teams where team.applied {
            services.engine.apply(status: team.status, teamID: team.teamID)
            services.events.publish(TeamEvent(change: "status", team: services.engine.team(id: team.teamID), id: team.teamID, at: Date()))
        }
        services.engine.noteAssignments(of: change)
        for timeline in [change.preempted, change.timeline].compactMap(\.self) {
            services.callEvents.publish(CallChangeEvent(timeline, at: Date()))
        }
        var response = try jsonResponse(written: CallLifecycleJSON(change.timeline), status: status)
        AuditNote.attach(to: &response, subject: callID, outcome: change.timeline.state.rawValue)
        return response
    }
}
