import Analytics
import ArgumentParser
import Contract
import CrisisDispatch
import Foundation
import GeoCore
import Interchange
import Reports
import Routing
import SpatiaLiteStore
import Store

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a store from the bundled GeoData/, run example queries and render a heat map.",
        discussion: "Writes a fresh store and heat map (replacing earlier demo files) and prints what it made."
    )

    @Option(help: "Folder with the sample data.")
    var data = "GeoData"

    @Option(help: "Where to write the demo's files.")
    var outputDir = "demo-output"

    func run() async throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: data) else {
            throw CommandFailure.usage("no sample data at \(data); run from the repository root or pass --data")
        }
        try fileManager.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
        let path = (outputDir as NSString).appendingPathComponent("crisismap-demo.sqlite")
        for suffix in ["", "-wal", "-shm"] { try? fileManager.removeItem(atPath: path + suffix) }

        let store = try SpatiaLiteStore(path: path, mode: .createIfMissing)
        print("Demo store: \(path)")
        let importer = Importer(store: store)
        let sources: [(RecordKind, String)] = [
            (.areas, "areas.geojson"), (.facilities, "facilities.geojson"),
            (.teams, "teams.geojson"), (.calls, "calls.csv"),
        ]
        for (kind, file) in sources {
            let started = Date()
            let report = try await importer.importFile((data as NSString).appendingPathComponent(file), kind: kind)
            print("  imported \(Format.count(report.rows)) \(kind.rawValue) from \(file) in \(Format.seconds(Date().timeIntervalSince(started)))")
        }
        // An Open Referral directory beside the registry: its facilities join the same table.
        let hsds = try await importer.importFile((data as NSString).appendingPathComponent("hsds"), kind: .facilities)
        print("  imported \(hsds.rows) facilities from the Open Referral HSDS directory hsds/ (\(hsds.warnings.count) warnings):")
        for warning in hsds.warnings { print("    \(warning)") }
        let router = try await importRoads(into: store)
        try await printSummary(store)
        try await printQueries(store, router: router)
        let products = try await release(store, router: router)
        try await renderHeatmap(store, products: products)
        try await printUnderserved(store, router: router, products: products)
        try await renderCoverage(store, router: router)
        print("\nIn a browser: crisismap serve --db \(path), then open http://127.0.0.1:8080/ and sign in")
        print("  with a key from: crisismap keys create --role dispatcher --name \"you\" --db \(path)")
    }

    /// The planner's other question: which areas are served worst, from the private releases.
    private func printUnderserved(_ store: SpatiaLiteStore, router: RoadRouter, products: ReleasedProducts) async throws {
        let (report, period) = try await PlanningProduct.privateUnderserved(
            from: store, products: products, since: nil, until: nil, categories: [], settings: PlanningProduct.settings(roads: router))
        let map = (outputDir as NSString).appendingPathComponent("underserved.png")
        try UnderservedOutput(report: report, areas: try await store.areas.all(), period: period).write(to: map)
        print("\nPlanner: crisismap underserved --top 3 --out \(map)")
        for row in report.rows.prefix(3) {
            print("  \(row.rank). \(row.name) (\(row.id))  score \(String(format: "%.2f", row.score))  [\(row.drivers.joined(separator: "; "))]")
        }
        print("  Choropleth: \(map)")
    }

    /// Freezes the sample's closed months as private releases: what every planner product is made of.
    private func release(_ store: SpatiaLiteStore, router: RoadRouter) async throws -> ReleasedProducts {
        let started = Date()
        let made = try await ReleaseService.releaseDue(store, planning: PlanningProduct.settings(roads: router))
        let products = try await ReleaseService.open(store)
        let months = products.nodes.filter { $0.level == .month }.sorted()
        print("\nPrivacy: crisismap release")
        print("  \(made.count) releases (\(months.count) months \(months.first.map(\.description) ?? "-") to \(months.last.map(\.description) ?? "-"), "
              + "their quarters and years) with discrete Laplace noise, epsilon \(String(format: "%g", products.counts.budget.epsilon)) per call in all "
              + "(\(Format.seconds(Date().timeIntervalSince(started)))); `crisismap privacy` explains")
        return products
    }

    /// The planner's view: where the last twelve released months' calls concentrate.
    private func renderHeatmap(_ store: SpatiaLiteStore, products: ReleasedProducts) async throws {
        let started = Date()
        let (request, period, _) = try HeatmapOptions().privateRequest(products)
        let surface = try await PrivateDensity.estimate(request, grid: products.grid, counts: products.counts)
        let map = (outputDir as NSString).appendingPathComponent("heatmap.png")
        try HeatmapReport(surface: surface, areas: try await store.areas.all(), facilities: try await store.facilities.all(),
                          period: period).write(to: map)
        print("\nPlanner: crisismap heatmap --out \(map)")
        print("  private map of \(period): \(surface.grid.columns) x \(surface.grid.rows) cells of \(Int(surface.grid.cellSize)) m, "
              + "quartic bandwidth \(Int(surface.bandwidth)) m; places with fewer than \(surface.minCount) noisy calls are not shown")
        print("  Heat map: \(map) (\(Format.seconds(Date().timeIntervalSince(started))))")
    }

    /// The questions a dispatcher and a clinician ask, for a call downtown
    /// at the moment the sample's team positions were fixed.
    private func printQueries(_ store: SpatiaLiteStore, router: RoadRouter) async throws {
        let engine = try await DispatchEngine.load(from: store, settings: DispatchSettings(travelTime: RoadNetworkETA(router: router)))
        let call = Coordinate(uncheckedLatitude: 39.7420, longitude: -104.9850)   // Colfax and Broadway
        guard let at = RFC3339.parse("2026-11-22T14:05:00-07:00") else { return }
        print("\nDispatcher: crisismap nearest-team --lat 39.742 --lon -104.985 --needs spanish --at 2026-11-22T14:05:00-07:00")
        print(TeamTable(engine.nearestTeams(TeamQuery(location: call, at: at, limit: 3, needs: ["spanish"]))).text)
        print("\nClinician: crisismap nearest-facility --lat 39.742 --lon -104.985 --police-transport --age 34 --needs substance_use --at 2026-11-22T14:05:00-07:00")
        print(FacilityTable(engine.nearestFacilities(FacilityQuery(
            location: call, at: at, limit: 3, age: 34, policeTransport: true, services: [.substanceUse]))).text)
    }

    private func printSummary(_ store: SpatiaLiteStore) async throws {
        let facilities = try await store.facilities.all()
        let teams = try await store.teams.all()
        let calls = try await store.calls.all()
        let areas = try await store.areas.all()

        print("\nAreas: \(areas.count), population \(Format.count(areas.reduce(0) { $0 + $1.population }))")
        print("\nFacilities by kind (beds available / total):")
        for kind in FacilityKind.allCases {
            let ofKind = facilities.filter { $0.kind == kind }
            let beds = ofKind.compactMap(\.bedsTotal).reduce(0, +)
            let free = ofKind.compactMap(\.bedsAvailable).reduce(0, +)
            print("  \(kind.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0)) \(ofKind.count)"
                  + (beds > 0 ? "  beds \(free)/\(beds)" : ""))
        }
        print("\nTeams by status:")
        for status in TeamStatus.allCases {
            let count = teams.filter { $0.status == status }.count
            if count > 0 { print("  \(status.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0)) \(count)") }
        }
        print("\nCalls by category (exact, as imported; planners see only the private releases):")
        for category in CallCategory.allCases {
            let count = calls.filter { $0.category == category }.count
            print("  \(category.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0)) \(Format.count(count))")
        }
        if let first = calls.map(\.receivedAt).min(), let last = calls.map(\.receivedAt).max() {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            formatter.timeZone = TimeZone(identifier: "America/Denver")
            print("  period: \(formatter.string(from: first)) to \(formatter.string(from: last)) (America/Denver)")
        }
    }
}
