import Foundation
import Hummingbird
import Store

/// Writes an audit entry for every request to the endpoint, whatever the
/// outcome: refusals (401, 403) and failures are what an audit is for.
/// It sits inside `Authenticator`, which is how it sees the caller, and
/// outside `RoleCheck`, which is how it sees the refusals.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = APIContext

    let endpoint: Endpoint
    let trail: AuditTrail

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            trail.record(entry(request, context, status: Int(response.status.code), outcome: "ok"))
            return response
        } catch {
            // The status and outcome the client will see: ProblemMiddleware answers with the same problem.
            let problem = APIProblem.from(error)
            trail.record(entry(request, context, status: Int(problem.status.code), outcome: problem.outcome))
            throw error
        }
    }

    private func entry(_ request: Request, _ context: APIContext, status: Int, outcome: String) -> AuditEntry {
        let subject = endpoint.auditsQuery
            ? request.queryFields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            : context.parameters.get("id")
        return AuditEntry(at: Date(), keyID: context.caller?.key.id, role: context.caller?.role, method: endpoint.method.rawValue,
                          endpoint: endpoint.path, subject: subject, status: status, outcome: outcome)
    }
}
