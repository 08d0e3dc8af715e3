import ArgumentParser
import Contract
import CrisisDispatch
import Foundation
import Logging
import Metrics
import Prometheus
import Server
import Store

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (JSON; see openapi.yaml).",
        discussion: """
            Loads every team and facility into memory, then answers on --host:--port until \
            SIGTERM or Ctrl-C, when it finishes the requests in flight, closes event streams \
            and writes the last audit entries.

            Every /v1 endpoint needs `Authorization: Bearer <key>`; make keys with \
            `crisismap keys create --role dispatcher --name "Console 3"`. /healthz and \
            /metrics (Prometheus) need none. With roads imported (`crisismap import roads`), \
            ETAs are drive times over them and teams are ranked by them; a re-import is picked \
            up within --roads-check-s without a restart. A browser at http://HOST:PORT/ gets the \
            dispatch and planning map; it signs in with the same keys. Listens on 127.0.0.1 unless told otherwise: \
            put a TLS-terminating proxy in front before exposing it.

            Example:
              crisismap serve --port 8080
              curl -H "Authorization: Bearer $KEY" -d '{"lat":39.74,"lon":-104.99}' \\
                   http://127.0.0.1:8080/v1/recommendations
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(name: .customLong("log-format"), help: "text (one line per event) or json (one JSON object per line, for log collectors).")
    var logFormat = "text"

    @Option(name: .customLong("web-root"), help: ArgumentHelp(
        "Folder holding the browser map's index.html (default: the copy built beside this binary).", valueName: "folder"))
    var webRoot: String?

    @Option(name: .customLong("tile-url"), help: ArgumentHelp(
        "Map tiles under the vectors, e.g. http://127.0.0.1:8081/{z}/{x}/{y}.png (default: none; the page makes no request beyond this server).",
        valueName: "template"))
    var tileURL: String?

    @Option(name: .customLong("tile-attribution"), help: "Credit line the tile provider requires, shown on the map.")
    var tileAttribution: String?

    @Option(name: .customLong("roads-check-s"), help: ArgumentHelp(
        "How often to look for re-imported roads and rebuild the road router, seconds.", valueName: "seconds"))
    var roadsCheckSeconds = 30

    @Option(name: .customLong("max-clock-skew"), help: ArgumentHelp(
        "How far ahead of this server's clock a live time (fix_at, status at, bed updated_at) may be (e.g. 2m, 30s).",
        discussion: "A later time comes from a wrong clock: the update is refused with 422, and a stored fix that far ahead counts as stale.",
        valueName: "span"))
    var maxClockSkew = TimeSpan(argument: "2m")!

    @Option(name: .customLong("metrics-host"), help: ArgumentHelp(
        "An IP address besides loopback that may read /metrics (repeatable; * for any).",
        discussion: "Others get 404: metrics reveal load and error rates to whoever can reach the port.",
        valueName: "ip"))
    var metricsHosts: [String] = []

    @Option(name: .customLong("streams-per-key"), help: ArgumentHelp(
        "Open /v1/teams/stream connections one key may hold; more are refused with 429.", valueName: "count"))
    var streamsPerKey = 4

    @Option(name: .customLong("max-streams"), help: ArgumentHelp(
        "Open /v1/teams/stream connections the server holds in all; more are refused with 429.", valueName: "count"))
    var maxStreams = 256

    @Option(name: .customLong("stream-heartbeat"), help: ArgumentHelp(
        "How often an idle /v1/teams/stream gets a keep-alive line (e.g. 15s).",
        discussion: "Shorter than the idle timeout of any proxy in front; it is also how a stream whose client left is noticed and its place freed.",
        valueName: "span"))
    var streamHeartbeat = TimeSpan(argument: "15s")!

    @Option(name: .customLong("planning-concurrency"), help: ArgumentHelp(
        "Planner products (density, heat map, underserved) computed at once, on low-priority threads of their own.",
        discussion: "They never run on the threads that answer dispatchers, so planners cannot slow a recommendation; raise it on a machine with cores to spare.",
        valueName: "count"))
    var planningConcurrency = 1

    @Option(name: .customLong("planning-queue"), help: ArgumentHelp(
        "Planner requests that may wait for a free place; more are refused with 429 and Retry-After.", valueName: "count"))
    var planningQueue = 8

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp(
        "How long a connection may go without a complete request head before it is closed (e.g. 30s).",
        discussion: "Counts from the connection's opening and from each answer, so idle keep-alive connections and clients that send a header a byte at a time are closed alike; an open event stream is never cut.",
        valueName: "span"))
    var idleTimeout = TimeSpan(argument: "30s")!

    @Option(name: .customLong("max-connections"), help: ArgumentHelp(
        "Open connections the server holds; past it new ones wait until one closes.", valueName: "count"))
    var maxConnections = 4_096

    @OptionGroup var eta: ETAOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let tileURL, !tileURL.hasPrefix("http") || !["{z}", "{x}", "{y}"].allSatisfy({ tileURL.contains($0) }) {
            throw ValidationError("--tile-url must be an http(s) template with {z}, {x} and {y}")
        }
        if let webRoot, !FileManager.default.fileExists(atPath: (webRoot as NSString).appendingPathComponent("index.html")) {
            throw ValidationError("--web-root \(webRoot) holds no index.html")
        }
        guard (1...86_400).contains(roadsCheckSeconds) else { throw ValidationError("--roads-check-s must be between 1 and 86400") }
        guard (1...10_000).contains(streamsPerKey) else { throw ValidationError("--streams-per-key must be between 1 and 10000") }
        guard (1.0...300.0).contains(streamHeartbeat.seconds) else { throw ValidationError("--stream-heartbeat must be between 1s and 5m") }
        guard (1.0...3_600.0).contains(idleTimeout.seconds) else { throw ValidationError("--idle-timeout must be between 1s and 1h") }
        guard (16...1_000_000).contains(maxConnections) else { throw ValidationError("--max-connections must be between 16 and 1000000") }
        guard (1...64).contains(planningConcurrency) else { throw ValidationError("--planning-concurrency must be between 1 and 64") }
        guard (0...10_000).contains(planningQueue) else { throw ValidationError("--planning-queue must be between 0 and 10000") }
        guard (1...100_000).contains(maxStreams) else { throw ValidationError("--max-streams must be between 1 and 100000") }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format must be text or json") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let opened = try await store.open()
        var logger = logFormat == "json" ? Logger(label: "crisismap", factory: JSONLogHandler.init) : Logger(label: "crisismap")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        raiseDescriptorLimit(logger: logger)
        // swift-metrics is process-wide by design; `serve` owns the process.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let location = opened.location
        do {
            try await serve(opened, registry: registry, logger: logger, location: location)
        } catch let error as ServerStartError {
            throw CommandFailure(message: error.message, code: .failure)
        }
    }

    private func serve(_ opened: any CrisisStore, registry: PrometheusCollectorRegistry, logger: Logger, location: String) async throws {
        try await CrisisServer.run(
            store: opened,
            settings: ServerSettings(host: host, port: port, dispatch: DispatchSettings(travelTime: eta.straightLine, clockSkew: ClockSkew(allowance: maxClockSkew.seconds)),
                                     web: WebSettings(root: webRoot, tileURL: tileURL, tileAttribution: tileAttribution),
                                     roads: eta.eta == .straightLine ? nil : RoadSettings(
                                        maxSnapDistance: eta.maxSnapMetres, fallback: eta.straightLine, checkEvery: .seconds(roadsCheckSeconds),
                                        required: eta.eta == .road),
                                     metrics: MetricsAccess(hosts: metricsHosts),
                                     streams: StreamLimits(perKey: streamsPerKey, total: maxStreams, heartbeat: .seconds(streamHeartbeat.seconds)),
                                     planning: PlanningLimits(concurrency: planningConcurrency, queue: planningQueue),
                                     connections: ConnectionLimits(idleTimeout: .seconds(idleTimeout.seconds), maximum: maxConnections)),
            registry: registry,
            logger: logger,
            onListening: { port in
                // Unbuffered, so a supervisor or test reading the pipe sees it now.
                FileHandle.standardOutput.write(Data("crisismap: serving \(location) on http://\(host):\(port)\n".utf8))
            })
    }

    /// Each connection is a descriptor, and a shell's soft limit (often 1024)
    /// is below --max-connections: raise it as far as the hard limit allows.
    private func raiseDescriptorLimit(logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let wanted = rlim_t(maxConnections + 256)
        guard limit.rlim_cur < wanted else { return }
        limit.rlim_cur = min(wanted, limit.rlim_max)
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < wanted {
            logger.warning("the open-file limit (\(limit.rlim_cur)) is below --max-connections \(maxConnections) plus the store's files; raise it (ulimit -n)")
        }
    }
}
