import Contract
import Foundation
import Store

extension APIProblem {
    /// What a dispatcher sees when the lifecycle rules refuse an action:
    /// 404 for what does not exist, 409 for what the call's state forbids
    /// (with the steps allowed next, or the call the team is on), 422 for a
    /// field that cannot be right.
    static func refused(_ refusal: LifecycleRefusal) -> APIProblem {
        switch refusal {
        case .noCall(let id): return .notFound("no call '\(id)'")
        case .noTeam(let id): return .notFound("no team '\(id)'")
        case .noFacility(let id):
            return .invalid([FieldError(field: "facility_id", message: "no facility '\(id)'")])
        case .callEnded(let call, let state):
            return .conflict("call '\(call)' is \(state.rawValue); nothing more can happen to it")
        case .teamOnAnotherCall(let team, let call):
            var problem = APIProblem.conflict(
                "team '\(team)' is on open call '\(call)'; send \"preempt\": true to take it off that call")
            problem.callID = call
            return problem
        case .alreadyAssigned(let team, let step):
            return .conflict("team '\(team)' is already on this call (\(step.rawValue))")
        case .notAssigned(let team):
            return .conflict("team '\(team)' is not assigned to this call; assign it with POST .../assignments")
        case .stepNotAllowed(let team, let current, let requested, let allowed):
            let next = allowed.map(\.rawValue)
            var problem = APIProblem.conflict(
                "team '\(team)' is \(current.rawValue); \(requested.rawValue) cannot follow it (next: \(next.isEmpty ? "none" : next.joined(separator: ", ")))")
            problem.allowedNext = next
            return problem
        case .beforePrevious(let field, let at, let previous, let previousField):
            return .invalid([FieldError(field: field, message: "\(RFC3339.format(at)) is before \(previousField) \(RFC3339.format(previous))")])
        case .facilityRequired:
            return .invalid([FieldError(field: "facility_id", message: "transporting names the facility the person is taken to")])
        case .teamsNotCleared(let teams):
            return .conflict("teams \(teams.joined(separator: ", ")) have not cleared; a call closes once every team has")
        }
    }
}
