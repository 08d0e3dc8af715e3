import CrisisDispatch
import Foundation
import Logging
import Routing
import ServiceLifecycle
import Store

/// How the server times trips by road.
public struct RoadSettings: Sendable {
    /// Farthest a location may lie from a road before it is off the network (metres).
    public var maxSnapDistance: Double
    /// For locations off the network, and until roads are imported.
    public var fallback: StraightLineETA
    /// How often the store is asked whether roads were re-imported.
    public var checkEvery: Duration
    /// Refuse to start without roads (`--eta road`) instead of falling back.
    public var required: Bool

    public init(maxSnapDistance: Double = 1_000, fallback: StraightLineETA = StraightLineETA(),
                checkEvery: Duration = .seconds(30), required: Bool = false) {
        self.maxSnapDistance = maxSnapDistance
        self.fallback = fallback
        self.checkEvery = checkEvery
        self.required = required
    }

    /// The model for these edges: roads when there are any, else the straight line.
    func model(for edges: [RoadEdge]) -> any TravelTimeModel {
        guard !edges.isEmpty else { return fallback }
        return RoadNetworkETA(router: RoadRouter(edges: edges, options: RoadRouter.Options(maxSnapDistance: maxSnapDistance)),
                              fallback: fallback)
    }
}

/// Rebuilds the road router when `crisismap import roads` replaces the
/// store's roads while the server runs, off the request path, then swaps
/// it in: requests in flight finish on the old network.
struct RoadNetworkWatcher: Service {
    let store: any CrisisStore
    let eta: SwappableETA
    let settings: RoadSettings
    let loadedImport: Int64?
    let logger: Logger

    func run() async throws {
        var loaded = loadedImport
        while !Task.isCancelledOrShuttingDown {
            // A shutdown must not wait out the pause.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.checkEvery) }
            guard !Task.isCancelledOrShuttingDown else { return }
            do {
                let summary = try await store.roads.roadSummary()
                guard summary?.importID != loaded else { continue }
                let started = ContinuousClock.now
                let edges = try await store.roads.roadEdges()
                let settings = self.settings
                let model = await Task.detached(priority: .utility) { settings.model(for: edges) }.value
                eta.replace(with: model)
                loaded = summary?.importID
                logger.notice("road network reloaded", metadata: [
                    "edges": "\(edges.count)", "source": "\(summary?.source ?? "none")", "took": "\(ContinuousClock.now - started)",
                ])
            } catch {
                logger.error("could not reload the road network: \(error)")
            }
        }
    }
}

extension Task where Success == Never, Failure == Never {
    static var isCancelledOrShuttingDown: Bool { isCancelled || isShuttingDownGracefully }
}
