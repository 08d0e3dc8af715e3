import Foundation
import Hummingbird
import Store

/// Puts the caller behind `Authorization: Bearer <secret>` on the context.
/// It refuses nothing itself: a failure is kept on the context for
/// `RoleCheck`, so an audit middleware between the two records a 401 (or a
/// 503 when the key could not be read) like any other outcome.
struct Authenticator: RouterMiddleware {
    typealias Context = APIContext

    let keys: any KeyStore

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        var context = context
        do {
            context.caller = try await authenticate(request)
        } catch {
            context.authenticationFailure = error
        }
        return try await next(request, context)
    }

    /// The key comes from the store on every request (a shared database's
    /// store may answer from a cache its revocation notices keep current),
    /// so revoking takes effect without a restart.
    func authenticate(_ request: Request) async throws -> Caller {
        guard let header = request.headers[.authorization] else { throw APIProblem.unauthorized }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw APIProblem.unauthorized }
        let secret = parts[1].trimmingCharacters(in: .whitespaces)
        guard let id = KeySecret.keyID(of: secret), let key = try await keys.key(id: id),
              !key.isRevoked, KeySecret.matches(secret, key: key) else {
            throw APIProblem.unauthorized
        }
        return Caller(key: key)
    }
}
