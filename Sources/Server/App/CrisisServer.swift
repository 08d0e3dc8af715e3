import CrisisDispatch
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Store

/// Where and how `crisismap serve` listens.
public struct ServerSettings: Sendable {
    public var host: String
    /// 0 picks a free port (tests); the chosen one is passed to `onListening`.
    public var port: Int
    public var dispatch: DispatchSettings
    public var web: WebSettings
    /// Road ETAs when the store has roads (nil: straight line only).
    public var roads: RoadSettings?
    public var metrics: MetricsAccess
    public var streams: StreamLimits
    public var planning: PlanningLimits
    public var connections: ConnectionLimits

    public init(host: String = "127.0.0.1", port: Int = 8080, dispatch: DispatchSettings = DispatchSettings(),
                web: WebSettings = WebSettings(), roads: RoadSettings? = nil, metrics: MetricsAccess = MetricsAccess(),
                streams: StreamLimits = StreamLimits(), planning: PlanningLimits = PlanningLimits(),
                connections: ConnectionLimits = ConnectionLimits()) {
        self.connections = connections
        self.metrics = metrics
        self.streams = streams
        self.planning = planning
        self.host = host
        self.port = port
        self.dispatch = dispatch
        self.web = web
        self.roads = roads
    }
}

/// How long a connection may sit without a complete request, and how many
/// the server holds open.
public struct ConnectionLimits: Sendable {
    /// A connection that has not sent a whole request head within this of
    /// opening (or of its last answer) is closed: the header timeout and the
    /// keep-alive idle timeout in one, as Hummingbird counts activity in HTTP
    /// parts, so a client trickling a header byte at a time does not reset it.
    /// Never applies while an answer (an event stream) is being written.
    public var idleTimeout: Duration
    /// Open connections; past it the server stops accepting until one closes.
    public var maximum: Int

    public init(idleTimeout: Duration = .seconds(30), maximum: Int = 4_096) {
        self.idleTimeout = idleTimeout
        self.maximum = maximum
    }
}

/// Why the server could not start, in words for the operator.
public struct ServerStartError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// The HTTP API: every route of DESIGN.md's table over one store, with the
/// dispatch engine resident in memory.
public enum CrisisServer {
    /// Serves until SIGTERM or SIGINT, then finishes in-flight requests,
    /// closes event streams and writes the last audit entries before returning.
    /// `registry` must be the one metrics were bootstrapped with.
    public static func run(
        store: any CrisisStore,
        settings: ServerSettings,
        registry: PrometheusCollectorRegistry,
        logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void
    ) async throws {
        let started = ContinuousClock.now
        var dispatch = settings.dispatch
        var watcher: RoadNetworkWatcher?
        if let roads = settings.roads {
            let summary = try await store.roads.roadSummary()
            if summary == nil, roads.required {
                throw ServerStartError(message: "the store has no roads; import an OpenStreetMap extract with `crisismap import roads FILE.osm.pbf`")
            }
            let eta = SwappableETA(roads.model(for: try await store.roads.roadEdges()))
            dispatch.travelTime = eta
            watcher = RoadNetworkWatcher(store: store, eta: eta, settings: roads, loadedImport: summary?.importID, logger: logger)
            logger.info("road network loaded", metadata: [
                "edges": "\(summary?.edgeCount ?? 0)", "eta_method": "\(eta.method)", "took": "\(ContinuousClock.now - started)",
            ])
        }
        // Subscribed before loading: a change committed meanwhile is applied again, never missed.
        let changes = try await store.changes.subscribe()
        let engine = try await DispatchEngine.load(from: store, settings: dispatch)
        logger.info("dispatch engine loaded", metadata: [
            "store": "\(store.location)", "took": "\(ContinuousClock.now - started)",
        ])
        let services = APIServices(store: store, engine: engine, logger: logger, streams: settings.streams, planning: settings.planning)
        // Other servers on the same database: their changes arrive here, and
        // after an outage everything is re-read once the database is back.
        let listener = StoreChangeListener(services: services, changes: changes)
        let health = StoreHealth(store: store, logger: logger) {
            try? await listener.reloadEverything()
        }
        let releases = ReleaseScheduler(store: store, logger: logger)
        await releases.releaseDue()
        let router = makeRouter(services: services, registry: registry, web: settings.web, health: health, metrics: settings.metrics)
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: TimeAmount(settings.connections.idleTimeout))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "crisismap",
                                 availableConnectionsDelegate: MaximumAvailableConnections(settings.connections.maximum, logger: logger)),
            services: [services.audit, listener, health, releases] + (watcher.map { [$0] } ?? []),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? settings.port) },
            logger: logger)
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch where String(describing: error).contains("Address already in use") {
            throw ServerStartError(message: "\(settings.host):\(settings.port) is already in use (another crisismap serve?); choose another --port")
        }
    }

    static func makeRouter(
        services: APIServices, registry: PrometheusCollectorRegistry, web: WebSettings, health: StoreHealth? = nil,
        metrics: MetricsAccess = MetricsAccess()
    ) -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.add(middleware: RequestLogMiddleware(level: .debug))
        router.add(middleware: NoStoreMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ProblemMiddleware())
        OperationsRoutes.register(on: router, registry: registry,
                                  health: health ?? StoreHealth(store: services.store, logger: services.logger, onRecovery: {}),
                                  metricsHosts: metrics)
        WebRoutes.register(on: router, settings: web, logger: services.logger)
        DirectoryRoutes.register(on: router, services: services)
        RecommendationRoutes.register(on: router, services: services)
        TeamStreamRoute.register(on: router, services: services)
        FacilityRoutes.register(on: router, services: services)
        TeamRoutes.register(on: router, services: services)
        CallRoutes.register(on: router, services: services)
        CallLifecycleRoutes.register(on: router, services: services)
        DensityRoutes.register(on: router, services: services)
        UnderservedRoute.register(on: router, services: services)
        return router
    }
}
