import Hummingbird
import Store

/// Lets through callers whose role may use the endpoint: 401 without a
/// valid key (the authenticator's failure), 403 for another role.
struct RoleCheck: RouterMiddleware {
    typealias Context = APIContext

    let endpoint: Endpoint

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let caller = try context.requireCaller()
        guard endpoint.roles.contains(caller.role) else {
            let allowed = endpoint.roles.map(\.rawValue).sorted().joined(separator: ", ")
            throw APIProblem.forbidden("\(endpoint.method.rawValue) \(endpoint.path) is for: \(allowed); this key is \(caller.role.rawValue)")
        }
        return try await next(request, context)
    }
}
