import ArgumentParser
import CrisisDispatch
import Foundation
import Routing
import Store

/// How ETAs are found: over the imported road network when the store has
/// one, else by straight line (distance times circuity over speed).
struct ETAOptions: ParsableArguments {
    enum Method: String, ExpressibleByArgument, CaseIterable {
        case auto, road, straightLine = "straight-line"
    }

    @Option(help: ArgumentHelp(
        "auto (by road when the store has roads, `crisismap import roads`; else straight line), road or straight-line.",
        valueName: "method"))
    var eta: Method = .auto

    @Option(help: "Driving distance over straight-line distance (default 1.4; Boscoe et al. 2012 measured 1.417).")
    var circuity = 1.4

    @Option(name: .customLong("speed-kmh"), help: "Average driving speed for straight-line ETAs, km/h.")
    var speedKmh = 40.0

    @Option(name: .customLong("max-snap-m"), help: ArgumentHelp(
        "Farthest a location may lie from a road, metres; beyond it the location is off the road network and timed by straight line.",
        valueName: "metres"))
    var maxSnapMetres = 1_000.0

    func validate() throws {
        guard circuity >= 1, circuity <= 5 else { throw ValidationError("--circuity must be between 1 and 5") }
        guard speedKmh > 0, speedKmh <= 200 else { throw ValidationError("--speed-kmh must be between 0 and 200") }
        guard maxSnapMetres > 0, maxSnapMetres <= 50_000 else { throw ValidationError("--max-snap-m must be between 0 and 50000") }
    }

    var straightLine: StraightLineETA { StraightLineETA(circuity: circuity, kilometresPerHour: speedKmh) }

    func settings(store: any CrisisStore) async throws -> DispatchSettings {
        DispatchSettings(travelTime: try await model(store: store))
    }

    /// The road model when chosen (or, for `auto`, when roads are imported).
    func model(store: any CrisisStore) async throws -> any TravelTimeModel {
        guard let router = try await router(store: store) else { return straightLine }
        return RoadNetworkETA(router: router, fallback: straightLine)
    }

    /// The road router over the store's roads; nil for straight-line ETAs.
    func router(store: any CrisisStore) async throws -> RoadRouter? {
        if eta == .straightLine { return nil }
        let edges = try await store.roads.roadEdges()
        if edges.isEmpty {
            if eta == .road { throw CommandFailure.usage(Self.noRoads) }
            return nil
        }
        return RoadRouter(edges: edges, options: RoadRouter.Options(maxSnapDistance: maxSnapMetres))
    }

    static let noRoads = "the store has no roads; import an OpenStreetMap extract with `crisismap import roads FILE.osm.pbf`"
}
