import HTTPTypes
import Hummingbird

/// `Cache-Control: no-store` on every API answer and problem: answers name
/// teams, facilities and calls, and no proxy or browser cache may keep them.
/// The web map's static files are left cacheable.
struct NoStoreMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if Self.applies(to: request.uri.path) { response.headers[.cacheControl] = "no-store" }
        return response
    }

    static func applies(to path: String) -> Bool {
        path.hasPrefix("/v1/") || path == "/metrics" || path == "/healthz" || path == "/readyz"
    }
}
