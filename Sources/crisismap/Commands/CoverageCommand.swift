import ArgumentParser
import Contract
import Foundation
import GeoCore
import Reports
import Routing
import Store

struct CoverageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Drive-time areas (isochrones) around teams or facilities, as GeoJSON and a map.",
        discussion: """
            One search over the imported roads from every source at once finds, for each road \
            point, the drive time from (teams) or to (facilities) the nearest source. A grid cell \
            (--cell-size metres) is covered within N minutes when a road point inside it is, or one \
            within --off-road-m (250 m: the blocks between reached streets); the covered cells of \
            each band are traced into polygons (holes kept).

            --from teams times the drive from each team out to a scene (teams that are off duty \
            or out of service are left out unless --status names them); --from facilities times \
            the drive from a scene in to the facility (crisis stabilization and behavioral health \
            urgent care unless --kind says otherwise).

            Output by extension: .geojson (one MultiPolygon feature per band with its minutes), \
            .png, .svg or .pdf (a map); give --out more than once for several.

            Examples:
              crisismap coverage --minutes 10,20,30 --from teams
              crisismap coverage --minutes 15,30 --from facilities --out access.geojson --out access.png
            """
    )

    enum Sources: String, ExpressibleByArgument, CaseIterable {
        case teams, facilities
    }

    @Option(help: ArgumentHelp("Drive-time bands, minutes, comma-separated.", valueName: "minutes"))
    var minutes = "10,20,30"

    @Option(help: "Areas around teams or facilities.")
    var from: Sources = .teams

    @Option(help: ArgumentHelp("Team statuses to include, comma-separated (default: all but off_duty and out_of_service).", valueName: "statuses"))
    var status: String?

    @Option(help: ArgumentHelp("Facility kinds to include, comma-separated (default: crisis_stabilization,behavioral_health_urgent_care).", valueName: "kinds"))
    var kind: String?

    @Option(help: ArgumentHelp("Write here (.geojson, .png, .svg, .pdf); repeatable.", valueName: "file"))
    var out: [String] = ["coverage.geojson", "coverage.png"]

    @Option(name: .customLong("cell-size"), help: "Grid cell size, metres.")
    var cellSize = 100.0

    @Option(name: .customLong("off-road-m"), help: ArgumentHelp(
        "Land within this many metres of a reached road counts as reached (the last stretch on foot or up a drive); 0 shows the roads' own cells.",
        valueName: "metres"))
    var offRoadMetres = 250.0

    @Option(name: .customLong("max-snap-m"), help: ArgumentHelp(
        "Farthest a team or facility may lie from a road, metres, before it is left out as off the network.", valueName: "metres"))
    var maxSnapMetres = 1_000.0

    @OptionGroup var store: StoreOptions

    func validate() throws {
        let bands = try bandMinutes()
        guard !bands.isEmpty else { throw ValidationError("--minutes needs at least one value") }
        guard cellSize >= 10, cellSize <= 5_000 else { throw ValidationError("--cell-size must be between 10 and 5000 metres") }
        guard maxSnapMetres > 0, maxSnapMetres <= 50_000 else { throw ValidationError("--max-snap-m must be between 0 and 50000") }
        guard offRoadMetres >= 0, offRoadMetres <= 5_000 else { throw ValidationError("--off-road-m must be between 0 and 5000") }
        for file in out where !["geojson", "json", "png", "svg", "pdf"].contains((file as NSString).pathExtension.lowercased()) {
            throw ValidationError("--out \(file): use .geojson, .png, .svg or .pdf")
        }
        _ = try statuses()
        _ = try kinds()
    }

    func bandMinutes() throws -> [Double] {
        try minutes.split(separator: ",").map { text in
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value > 0, value <= 600 else {
                throw ValidationError("--minutes: '\(text)' is not a number of minutes between 0 and 600")
            }
            return value
        }.sorted()
    }

    func statuses() throws -> Set<TeamStatus> {
        let named: [TeamStatus] = try enumList(status, option: "--status", noun: "status")
        return named.isEmpty ? Set(TeamStatus.allCases).subtracting([.offDuty, .outOfService]) : Set(named)
    }

    /// The crisis receiving centres the planner's figures use, unless --kind names others.
    func kinds() throws -> Set<FacilityKind> {
        let named: [FacilityKind] = try enumList(kind, option: "--kind", noun: "kind")
        return named.isEmpty ? PlanningProduct.crisisKinds : Set(named)
    }

    func run() async throws {
        let bands = try bandMinutes()
        let opened = try await store.open()
        let edges = try await opened.roads.roadEdges()
        guard !edges.isEmpty else { throw CommandFailure.usage(ETAOptions.noRoads) }
        let sources: [Coordinate]
        switch from {
        case .teams:
            let wanted = try statuses()
            sources = try await opened.teams.all().filter { wanted.contains($0.status) }.map(\.location)
        case .facilities:
            let wanted = try kinds()
            sources = try await opened.facilities.all().filter { wanted.contains($0.kind) }.map(\.location)
        }
        guard !sources.isEmpty else { throw CommandFailure.usage("no \(from.rawValue) match the selection; nothing to draw areas around") }

        let started = Date()
        let router = RoadRouter(edges: edges, options: RoadRouter.Options(maxSnapDistance: maxSnapMetres))
        let onNetwork = sources.filter { router.snap($0) != nil }
        let times = router.timesFromNearest(sources: onNetwork, maxTime: (bands.last ?? 30) * 60, reverse: from == .facilities)
        let areas: [Isochrone]
        do {
            areas = try router.isochrones(times, minutes: bands, cellSize: cellSize, offRoad: offRoadMetres)
        } catch {
            throw CommandFailure.usage("\(error); try a larger --cell-size")
        }
        let output = CoverageOutput(
            bands: areas.map { CoverageOutput.Band(minutes: $0.minutes, geometry: $0.geometry) },
            sources: onNetwork, sourceName: from.rawValue, areas: try await opened.areas.all(), etaMethod: .roadNetwork,
            notes: sources.count > onNetwork.count ? ["\(sources.count - onNetwork.count) \(from.rawValue) farther than \(Int(maxSnapMetres)) m from a road left out."] : [])
        for file in out { try output.write(to: file) }

        print("Drive-time areas from \(onNetwork.count) \(from.rawValue) over \(edges.count) road edges (\(String(format: "%.1f", Date().timeIntervalSince(started))) s):")
        for area in areas {
            let km2 = Double(area.cellCount) * cellSize * cellSize / 1e6
            print(String(format: "  within %@ min: %.1f km²", CoverageOutput.minutesText(area.minutes), km2))
        }
        if sources.count > onNetwork.count {
            print("  \(sources.count - onNetwork.count) \(from.rawValue) left out: farther than \(Int(maxSnapMetres)) m from any road")
        }
        print("Wrote \(out.joined(separator: ", "))")
    }
}
