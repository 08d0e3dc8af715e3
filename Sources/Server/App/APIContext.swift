import Hummingbird
import NIOCore
import Store

/// The per-request context: Hummingbird's core storage plus the caller the
/// request authenticated as.
public struct APIContext: RequestContext {
    /// Bodies are small JSON documents; anything larger is refused with 413.
    static let bodyLimit = 64 * 1024

    public var coreContext: CoreRequestContextStorage

    /// Set by `Authenticator` on the API's routes; nil without a valid key
    /// (and on routes that need none: health, metrics, the web map).
    var caller: Caller?

    /// Why authentication failed, kept until `RoleCheck` throws it: the audit
    /// middleware sits between the two and must see the failure as the
    /// request's outcome (Hummingbird hands the context down by value, so
    /// nothing set inside the audit middleware would reach it).
    var authenticationFailure: (any Error)?

    /// The peer's IP address, for routes served to some hosts only (`/metrics`).
    let peerAddress: String?

    /// Completes when the client's connection closes, as far as the channel
    /// has seen: while a response is being written Hummingbird does not read,
    /// so a stream usually learns its reader left from a failed write instead.
    let connectionClosed: EventLoopFuture<Void>

    public init(source: Source) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
        connectionClosed = source.channel.closeFuture
    }

    public var maxUploadSize: Int { Self.bodyLimit }

    /// The caller of a route behind `RoleCheck` (which has already refused
    /// requests without one; the 401 here only guards a route registered
    /// without it).
    func requireCaller() throws -> Caller {
        guard let caller else { throw authenticationFailure ?? APIProblem.unauthorized }
        return caller
    }
}
