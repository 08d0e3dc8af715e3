import Foundation
import HTTPTypes
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
        if endpoint.refusedUnaudited && !trail.hasRoom {
            trail.record(entry(request, context, status: 503, outcome: "unavailable"))
            throw APIProblem.auditBacklog
        }
        do {
            var response = try await next(request, context)
            let note = AuditNote.take(from: &response)
            trail.record(entry(request, context, status: Int(response.status.code), outcome: note.outcome ?? "ok", subject: note.subject))
            return response
        } catch {
            // The status and outcome the client will see: ProblemMiddleware answers with the same problem.
            let problem = APIProblem.from(error)
            trail.record(entry(request, context, status: Int(problem.status.code), outcome: problem.outcome))
            throw error
        }
    }

    private func entry(_ request: Request, _ context: APIContext, status: Int, outcome: String, subject named: String? = nil) -> AuditEntry {
        AuditEntry(at: Date(), keyID: context.caller?.key.id, role: context.caller?.role, method: endpoint.method.rawValue,
                   endpoint: endpoint.path, subject: named ?? context.parameters.get("id"),
                   query: Self.normalisedQuery(request.queryFields), status: status, outcome: outcome)
    }

    /// Sorted by name, one value per name, names and values percent-encoded
    /// so an `&` or `=` inside a value cannot forge another parameter.
    static func normalisedQuery(_ fields: [String: String]) -> String? {
        guard !fields.isEmpty else { return nil }
        return fields.sorted { $0.key < $1.key }.map { "\(escape($0.key))=\(escape($0.value))" }.joined(separator: "&")
    }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~,:")

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

/// What a handler adds to its audit entry: the subject when the path does not
/// name it (a created call's id), and what was done (the fields a correction
/// changed). Carried on internal response headers that never leave the server.
enum AuditNote {
    static let subjectHeader = HTTPField.Name("x-crisismap-audit-subject")!
    static let outcomeHeader = HTTPField.Name("x-crisismap-audit-outcome")!

    static func attach(to response: inout Response, subject: String? = nil, outcome: String? = nil) {
        if let subject { response.headers[subjectHeader] = subject }
        if let outcome { response.headers[outcomeHeader] = outcome }
    }

    static func take(from response: inout Response) -> (subject: String?, outcome: String?) {
        let note = (response.headers[subjectHeader], response.headers[outcomeHeader])
        response.headers[subjectHeader] = nil
        response.headers[outcomeHeader] = nil
        return note
    }
}
