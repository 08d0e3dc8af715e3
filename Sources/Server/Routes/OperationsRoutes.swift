import Contract
import Foundation
import Hummingbird
import Interchange
import Prometheus

/// Liveness, readiness and Prometheus metrics: no key needed, nothing sensitive.
enum OperationsRoutes {
    struct Health: Encodable {
        /// The process answers: `ok` as long as it runs (liveness).
        var status = "ok"
        /// `up` or `down`: whether the database answered its last check.
        var store: String
        /// When the store last changed between up and down (RFC 3339).
        var store_since: String
    }

    struct Readiness: Encodable {
        var status = "ready"
    }

    static func register(on router: Router<APIContext>, registry: PrometheusCollectorRegistry, health: StoreHealth,
                         metricsHosts: MetricsAccess = MetricsAccess()) {
        router.get("/healthz") { _, _ in
            let state = health.current
            return try jsonResponse(Health(store: state.up ? "up" : "down", store_since: RFC3339.format(state.since)))
        }
        // A load balancer sends traffic only to servers whose database
        // answered its last check (a second ago at most): never a wait.
        router.get("/readyz") { _, _ in
            guard health.current.up else { throw APIProblem.storeUnavailable }
            return try jsonResponse(Readiness())
        }
        // Metrics describe load and errors, not people, but still tell an
        // outsider a lot: loopback only, unless --metrics-host names a scraper.
        router.get("/metrics") { _, context in
            guard metricsHosts.admits(context.peerAddress) else {
                throw APIProblem(.notFound, kind: "not-found", title: "No such endpoint")
            }
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}

/// Who may read `/metrics`: loopback peers, and the hosts `--metrics-host` names.
public struct MetricsAccess: Sendable {
    /// IP addresses besides loopback; `*` admits every peer.
    public var hosts: [String]

    public init(hosts: [String] = []) {
        self.hosts = hosts
    }

    func admits(_ peer: String?) -> Bool {
        if hosts.contains("*") { return true }
        guard let peer else { return false }
        return Self.isLoopback(peer) || hosts.contains(peer)
    }

    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }
}
