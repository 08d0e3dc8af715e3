import Contract
import Foundation
import GeoCore
import Interchange
import Reports
import Routing
import SpatiaLiteStore
import Store

/// The demo's streets: imported once, routed on by every example after.
extension DemoCommand {
    func importRoads(into store: SpatiaLiteStore) async throws -> RoadRouter {
        let file = (data as NSString).appendingPathComponent("roads.osm")
        let started = Date()
        let report = try await RoadImporter(store: store).importFile(file)
        let router = RoadRouter(edges: try await store.roads.roadEdges())
        print("  imported \(Format.count(report.stored.edgeCount)) road edges from roads.osm and built the router in "
              + Format.seconds(Date().timeIntervalSince(started)) + ": ETAs below are by road")
        return router
    }

    /// Where the crisis receiving centres can be reached from within 5, 10 and 15 minutes.
    func renderCoverage(_ store: SpatiaLiteStore, router: RoadRouter) async throws {
        let sources = try await store.facilities.all().filter { PlanningProduct.crisisKinds.contains($0.kind) }.map(\.location)
        let times = router.timesFromNearest(sources: sources, maxTime: 15 * 60, reverse: true)
        let bands = try router.isochrones(times, minutes: [5, 10, 15], cellSize: 100, offRoad: 250)
        let map = (outputDir as NSString).appendingPathComponent("coverage.png")
        try CoverageOutput(bands: bands.map { CoverageOutput.Band(minutes: $0.minutes, geometry: $0.geometry) },
                           sources: sources, sourceName: "facilities", areas: try await store.areas.all(),
                           etaMethod: .roadNetwork).write(to: map)
        print("\nPlanner: crisismap coverage --minutes 5,10,15 --from facilities --out \(map)")
        for band in bands {
            print(String(format: "  within %@ min of a crisis centre by road: %.0f km²", CoverageOutput.minutesText(band.minutes),
                         Double(band.cellCount) * 0.01))
        }
    }
}
