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

    static func register(on router: Router<APIContext>, registry: PrometheusCollectorRegistry, health: StoreHealth) {
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
        router.get("/metrics") { _, _ in
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
