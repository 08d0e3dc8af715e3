import CrisisDispatch
import Foundation
import Hummingbird
import Logging
import Store

/// What the handlers work with: the store, the resident dispatch engine
/// (loaded once at start, kept current by the updates that pass through
/// it), the audit trail and the team event hub.
final class APIServices: Sendable {
    let store: any CrisisStore
    let live: LiveDispatch
    let audit: AuditTrail
    let events: TeamEventHub
    let logger: Logger

    var engine: DispatchEngine { live.engine }

    init(store: any CrisisStore, engine: DispatchEngine, logger: Logger) {
        self.store = store
        self.live = LiveDispatch(engine: engine, store: store.live)
        self.audit = AuditTrail(log: store.audit, logger: logger)
        self.events = TeamEventHub()
        self.logger = logger
    }

    /// The caller behind `Authorization: Bearer <secret>`. The key comes from
    /// the store on every request (a shared database's store may answer from
    /// a cache its revocation notices keep current), so revoking takes effect
    /// without a restart.
    func authenticate(_ request: Request) async throws -> Caller {
        guard let header = request.headers[.authorization] else { throw APIProblem.unauthorized }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw APIProblem.unauthorized }
        let secret = parts[1].trimmingCharacters(in: .whitespaces)
        guard let id = KeySecret.keyID(of: secret), let key = try await store.keys.key(id: id),
              !key.isRevoked, KeySecret.matches(secret, key: key) else {
            throw APIProblem.unauthorized
        }
        return Caller(key: key)
    }
}
