import Foundation
import GeoCore
import Interchange
import Testing
@testable import Analytics
@testable import Reports
@testable import SpatiaLiteStore
@testable import Store
import TestSupport

/// The utility targets of private planner products on GeoData/'s whole year (2025-11 to 2026-10), at
/// default settings, against the exact computation on the same grid, cell size and bandwidth.
@Suite(.serialized) struct PrivateUtilityTests {
    static let fixedSecret: [UInt8] = Array("crisismap utility test secret 32".utf8)

    static let geoData: URL = {
        var folder = URL(fileURLWithPath: #filePath)
        while folder.path != "/", !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("GeoData")
    }()

    /// A store of GeoData with every month released as of 2026-12-01.
    /// `secret`: nil for a fresh random one (what a real store gets); the tests fix one so a run
    /// is repeatable. BENCHMARKS.md reports the spread over fresh secrets.
    static func releasedStore(secret: [UInt8]? = fixedSecret) async throws -> (SpatiaLiteStore, URL) {
        let directory = try TemporaryFolder.make("utility")
        let store = try SpatiaLiteStore(path: directory.appendingPathComponent("geodata.sqlite").path, mode: .createIfMissing)
        let importer = Importer(store: store)
        for (kind, file) in [(RecordKind.areas, "areas.geojson"), (.facilities, "facilities.geojson"), (.teams, "teams.geojson"), (.calls, "calls.csv")] {
            _ = try await importer.importFile(geoData.appendingPathComponent(file).path, kind: kind)
        }
        if let secret {
            _ = try await store.releases.initPrivacySettings(
                PrivacySettings(secret: secret, epsilon: PrivacyBudget.defaultEpsilon, timeZone: nil, grid: nil, createdAt: Date()))
        }
        _ = try await ReleaseService.releaseDue(store, now: Date(timeIntervalSince1970: 1_796_083_200))   // 2026-12-01
        return (store, directory)
    }

    @Test func thePrivateHeatMapFollowsTheExactOne() async throws {
        let (store, directory) = try await Self.releasedStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let products = try await ReleaseService.open(store)
        let (request, period, _) = try HeatmapOptions().privateRequest(products)
        #expect(period == "2025-11 to 2026-10", "the default window: the last twelve released months")
        let surface = try await PrivateDensity.estimate(request, grid: products.grid, counts: products.counts)

        // The exact surface on the very same grid: the calls of the same months, binned, with the same kernel.
        let (start, _) = products.calendar.bounds(ReleaseNode("2025-11")!)
        let (_, end) = products.calendar.bounds(ReleaseNode("2026-10")!)
        let calls = try await store.callPoints(matching: CallFilter(since: start, until: end))
        #expect(calls.count == 24_000)
        let grid = surface.grid
        var counts = [Int32](repeating: 0, count: grid.cellCount)
        var xs = calls.longitudes, ys = calls.latitudes
        try CoordinateTransform(from: "EPSG:4326", to: grid.crs).apply(xs: &xs, ys: &ys)
        for index in 0..<calls.count {
            if let cell = grid.cell(x: xs[index], y: ys[index]) { counts[grid.index(column: cell.column, row: cell.row)] += 1 }
        }
        let stamp = KernelStamp(shape: .quartic, bandwidth: surface.bandwidth, cellSize: grid.cellSize)
        let exact = Convolution.convolve(counts: counts, columns: grid.columns, rows: grid.rows, stamp: stamp.weights, radius: stamp.radius)
        let reach = ReachCounter.count(counts, columns: grid.columns, rows: grid.rows, stamp: stamp)

        var relative: [Double] = []
        for index in exact.indices where reach[index] >= 50 && exact[index] > 0 {
            relative.append(abs(surface.shownDensity(index) - exact[index]) / exact[index])
        }
        relative.sort()
        let median = relative[relative.count / 2]
        let shown = exact.indices.filter { !surface.isEmpty($0) }
        let phantom = shown.filter { reach[$0] == 0 }.count
        let phantomShare = Double(phantom) / Double(max(1, shown.count))
        print("utility: \(relative.count) cells with >= 50 calls within reach, median relative difference \(median); "
              + "\(shown.count) cells shown, \(phantom) (\(phantomShare * 100)%) with no call within reach; threshold \(surface.minCount)")
        #expect(median <= 0.10, "median relative density difference \(median)")
        #expect(phantomShare < 0.02, "\(phantom) of \(shown.count) shown cells have no call within reach")
    }

    @Test func thePrivateRankingKeepsTheExactTopTen() async throws {
        let (store, directory) = try await Self.releasedStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let products = try await ReleaseService.open(store)
        let settings = PlanningProduct.settings()
        let (privateReport, _) = try await PlanningProduct.privateUnderserved(
            from: store, products: products, since: "2025-11", until: "2026-10", categories: [], settings: settings)
        let (start, _) = products.calendar.bounds(ReleaseNode("2025-11")!)
        let (_, end) = products.calendar.bounds(ReleaseNode("2026-10")!)
        let exactReport = try UnderservedAnalysis.run(
            try await PlanningProduct.inputs(from: store, calls: CallFilter(since: start, until: end)), settings)
        let privateTop = Set(privateReport.rows.prefix(10).map(\.id)), exactTop = Set(exactReport.rows.prefix(10).map(\.id))
        print("utility: underserved top 10 shares \(privateTop.intersection(exactTop).count) areas with the exact top 10")
        #expect(privateTop.intersection(exactTop).count >= 7, "private \(privateTop.sorted()) vs exact \(exactTop.sorted())")
    }
}
