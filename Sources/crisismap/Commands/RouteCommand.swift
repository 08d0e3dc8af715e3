import ArgumentParser
import Foundation
import GeoCore
import Routing
import Store

struct RouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Drive time, distance and path between two points over the imported roads.",
        discussion: """
            Both points snap to the nearest point of the nearest drivable road (not just its \
            nearest junction); one farther than --max-snap-m from every road is off the road \
            network. Edge lengths are geodesic (WGS84); each edge's time is its length over its \
            speed (from maxspeed, else the highway class's default; see README). One-way streets \
            and roundabouts are driven one way only. The walk between a point and its snap point \
            adds no time and is reported.

            Needs roads: crisismap import roads FILE.osm.pbf

            Examples:
              crisismap route --from 39.7392,-104.9903 --to 39.7508,-104.9997
              crisismap route --from 39.7392,-104.9903 --to 39.7508,-104.9997 --json
            """
    )

    @Option(help: ArgumentHelp("Start, as latitude,longitude in degrees.", valueName: "lat,lon"))
    var from: String

    @Option(help: ArgumentHelp("End, as latitude,longitude in degrees.", valueName: "lat,lon"))
    var to: String

    @Flag(help: "Print {\"time_s\", \"distance_m\", \"geometry\": GeoJSON LineString}.")
    var json = false

    @Option(name: .customLong("max-snap-m"), help: ArgumentHelp(
        "Farthest a point may lie from a road, metres, before it is off the road network.", valueName: "metres"))
    var maxSnapMetres = 1_000.0

    @OptionGroup var store: StoreOptions

    func validate() throws {
        _ = try Self.point(from, option: "--from")
        _ = try Self.point(to, option: "--to")
        guard maxSnapMetres > 0, maxSnapMetres <= 50_000 else { throw ValidationError("--max-snap-m must be between 0 and 50000") }
    }

    func run() async throws {
        let origin = try Self.point(from, option: "--from"), target = try Self.point(to, option: "--to")
        let opened = try await store.open()
        let edges = try await opened.roads.roadEdges()
        guard !edges.isEmpty else { throw CommandFailure.usage(ETAOptions.noRoads) }
        let router = RoadRouter(edges: edges, options: RoadRouter.Options(maxSnapDistance: maxSnapMetres))
        for (name, point) in [("--from", origin), ("--to", target)] where router.snap(point) == nil {
            throw CommandFailure(message: "\(name) \(Self.text(point)) is off the road network: no drivable road within \(Int(maxSnapMetres)) m (raise --max-snap-m to look farther)",
                                 code: .failure)
        }
        guard let route = router.route(from: origin, to: target) else {
            throw CommandFailure(message: "no road route from \(Self.text(origin)) to \(Self.text(target)): the roads there are not connected (one-way streets, or separate parts of the extract)",
                                 code: .failure)
        }
        if json {
            print(try Self.json(route))
        } else {
            print(Self.summary(route, graph: router.graph, edges: edges))
        }
    }

    static func json(_ route: Route) throws -> String {
        let object: [String: Any] = [
            "time_s": route.seconds, "distance_m": route.metres,
            "geometry": ["type": "LineString", "coordinates": route.geometry.map { [$0.longitude, $0.latitude] }],
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// Time and distance, the snaps, then the path as roads driven with their lengths.
    static func summary(_ route: Route, graph: RoadGraph, edges: [RoadEdge]) -> String {
        var lines = [
            String(format: "%.1f min, %.2f km by road (eta_method road_network)", route.seconds / 60, route.metres / 1_000),
            "from \(text(route.origin.coordinate)) (\(Int(route.origin.distance.rounded())) m from the point given)",
            "to   \(text(route.target.coordinate)) (\(Int(route.target.distance.rounded())) m from the point given)",
            "path (\(route.geometry.count) points):",
        ]
        // Consecutive edges of one street read as one step.
        var steps: [(name: String, metres: Double)] = []
        for (index, traversal) in route.edges.enumerated() {
            let edge = graph.edge(traversal.edge)
            let record = edges[edge.inputIndex]
            var metres = edge.metres
            if route.edges.count == 1 {
                metres = route.metres
            } else if index == 0 {
                metres *= traversal.againstGeometry ? route.origin.fraction : 1 - route.origin.fraction
            } else if index == route.edges.count - 1 {
                metres *= traversal.againstGeometry ? 1 - route.target.fraction : route.target.fraction
            }
            let name = record.name ?? "unnamed \(record.highway) road"
            if let last = steps.last, last.name == name { steps[steps.count - 1].metres += metres } else { steps.append((name, metres)) }
        }
        for step in steps { lines.append("  \(step.name)  \(Int(step.metres.rounded())) m") }
        return lines.joined(separator: "\n")
    }

    static func point(_ text: String, option: String) throws -> Coordinate {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lat = parts[0], let lon = parts[1] else {
            throw ValidationError("\(option) must be latitude,longitude in degrees, e.g. 39.7392,-104.9903")
        }
        do { return try Coordinate(latitude: lat, longitude: lon) } catch {
            throw ValidationError("\(option) \(text): \(error)")
        }
    }

    static func text(_ point: Coordinate) -> String {
        String(format: "%.6f,%.6f", point.latitude, point.longitude)
    }
}
