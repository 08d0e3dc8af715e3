import Hummingbird
import Prometheus

/// Liveness and Prometheus metrics: no key needed, nothing sensitive.
enum OperationsRoutes {
    struct Health: Encodable {
        var status = "ok"
    }

    static func register(on router: Router<APIContext>, registry: PrometheusCollectorRegistry) {
        router.get("/healthz") { _, _ in
            try jsonResponse(Health())
        }
        router.get("/metrics") { _, _ in
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
