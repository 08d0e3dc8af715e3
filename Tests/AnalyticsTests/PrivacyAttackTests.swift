import Foundation
import GeoCore
import Testing
import TestSupport
@testable import Analytics
@testable import Store

/// The four ways a planner key located a single call before releases, each
/// run against the private products: none recovers the call.
@Suite struct PrivacyAttackTests {
    static let secret = [UInt8]((0..<32).map { UInt8($0 * 5 % 251) })
    static let budget = PrivacyBudget(epsilon: 8)
    static let areas = [ReleaseCounterTests.area("A", west: -105.0, south: 39.70, size: 0.06, population: 20_000),
                        ReleaseCounterTests.area("B", west: -104.94, south: 39.70, size: 0.06, population: 20_000)]
    /// The isolated call, far from the cluster.
    static let lonely = (lat: 39.755, lon: -104.89)

    /// One month's release of these calls, as the store would hold it.
    static func release(_ calls: [(Double, Double, CallCategory, Disposition?)], node: String, grid: GridSpec) throws -> [ReleaseCount] {
        let exact = try ReleaseCounter.exactCounts(ReleaseCounterTests.inputs(calls, grid: grid))
        return ReleaseCounter.noisy(exact, node: ReleaseNode(node)!, budget: budget, key: NoiseKey(secret: secret))
    }

    static func counts(_ releases: [String: [ReleaseCount]]) -> ReleasedCounts {
        ReleasedCounts(key: NoiseKey(secret: secret), budget: budget) { node, view in (releases[node] ?? []).filter { $0.view == view } }
    }

    /// 300 calls around a downtown point, seeded.
    static func cluster(_ count: Int = 300, seed: UInt64 = 1) -> [(Double, Double, CallCategory, Disposition?)] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (39.73 + Double.random(in: -0.008...0.008, using: &random), -104.97 + Double.random(in: -0.01...0.01, using: &random),
             .psychiatric, .resolvedOnScene)
        }
    }

    static func distance(_ surface: DensitySurface, _ index: Int, to point: (lat: Double, lon: Double)) throws -> Double {
        let (x, y) = surface.grid.centre(column: index % surface.grid.columns, row: index / surface.grid.columns)
        let (px, py) = try CoordinateTransform(from: "EPSG:4326", to: surface.grid.crs).apply(x: point.lon, y: point.lat)
        return ((x - px) * (x - px) + (y - py) * (y - py)).squareRoot()
    }

    @Test func tinyCellsAroundAnIsolatedCallShowNothing() async throws {
        let grid = try ReleaseGrid.covering(Self.areas)
        let month = try Self.release(Self.cluster() + [(Self.lonely.lat, Self.lonely.lon, .overdose, .arrest)], node: "2026-03", grid: grid)
        let counts = Self.counts(["2026-03": month])
        let node = ReleaseNode("2026-03")!
        await #expect(throws: DensityError.self, "10 m cells resolve below the release grid") {
            try await PrivateDensity.estimate(PrivateDensityRequest(nodes: [node], cellSize: 10, bandwidth: 1), grid: grid, counts: counts)
        }
        let box = BoundingBox(west: -104.91, south: 39.745, east: -104.87, north: 39.765)
        let surface = try await PrivateDensity.estimate(PrivateDensityRequest(nodes: [node], box: box), grid: grid, counts: counts)
        #expect(surface.privacy.isPrivate)
        #expect(surface.density.indices.allSatisfy { surface.isEmpty($0) }, "no cell near the lonely call is shown, flagged or counted")
        let whole = try await PrivateDensity.estimate(PrivateDensityRequest(nodes: [node]), grid: grid, counts: counts)
        let shown = whole.density.indices.filter { !whole.isEmpty($0) }
        #expect(!shown.isEmpty, "the cluster of 300 calls is shown")
        #expect(try shown.allSatisfy { try Self.distance(whole, $0, to: Self.lonely) > 1_500 }, "but nothing within reach of the lonely call")
        #expect(whole.minCount >= 11)
    }

    @Test func differencingTwoWindowsGivesNoiseNotTheCall() async throws {
        let grid = try ReleaseGrid.covering(Self.areas)
        // March: the cluster. April: one call right beside it, nothing else. The windows March and
        // March-April differ by that call alone: exact answers differed by exactly its kernel.
        let extra = (lat: 39.731, lon: -104.968)
        let march = try Self.release(Self.cluster(seed: 1), node: "2026-03", grid: grid)
        let april = try Self.release([(extra.lat, extra.lon, .suicideRisk, nil)], node: "2026-04", grid: grid)
        let counts = Self.counts(["2026-03": march, "2026-04": april])
        let one = try await PrivateDensity.estimate(PrivateDensityRequest(nodes: [ReleaseNode("2026-03")!]), grid: grid, counts: counts)
        let two = try await PrivateDensity.estimate(
            PrivateDensityRequest(nodes: [ReleaseNode("2026-03")!, ReleaseNode("2026-04")!]), grid: grid, counts: counts)
        #expect(one.grid == two.grid, "the same release grid, so the two answers can be subtracted")
        // What the attacker has: the cells shown in both answers, and their difference.
        let both = one.density.indices.filter { !one.isEmpty($0) && !two.isEmpty($0) }
        #expect(both.count > 20, "the cluster is shown in both")
        let difference = both.map { two.density[$0] - one.density[$0] }
        // The kernel the call alone would have added, on the same cells.
        let stamp = KernelStamp(shape: .quartic, bandwidth: 750, cellSize: 250)
        let (cx, cy) = try CoordinateTransform(from: "EPSG:4326", to: grid.crs).apply(x: extra.lon, y: extra.lat)
        let callCell = two.grid.cell(x: cx, y: cy)!
        let kernel = both.map { index in
            stamp.weight(dx: index % two.grid.columns - callCell.column, dy: index / two.grid.columns - callCell.row)
        }
        let dot = zip(difference, kernel).reduce(0) { $0 + $1.0 * $1.1 }
        let norms = (difference.reduce(0) { $0 + $1 * $1 } * kernel.reduce(0) { $0 + $1 * $1 }).squareRoot()
        let correlation = norms > 0 ? dot / norms : 0
        #expect(abs(correlation) < 0.5, "the difference is April's noise, not the call's kernel (correlation \(correlation))")
        let exactDifference = difference.indices.allSatisfy { abs(difference[$0] - kernel[$0]) < 1e-9 }
        #expect(!exactDifference)
    }

    @Test func aOneCallAreaHasNoCallFigures() async throws {
        let inputs = PlanningInputs(areas: Self.areas, calls: CallPoints(),
                                    facilities: [Coordinate(uncheckedLatitude: 39.72, longitude: -104.97)],
                                    supply: [PlanningInputs.Site(location: Coordinate(uncheckedLatitude: 39.72, longitude: -104.97), capacity: 10)],
                                    supplyKinds: [.crisisStabilization],
                                    teams: [Coordinate(uncheckedLatitude: 39.73, longitude: -104.96)])
        let grid = try ReleaseGrid.covering(Self.areas)
        let month = try Self.release(Self.cluster() + [(Self.lonely.lat, Self.lonely.lon, .overdose, .arrest)], node: "2026-03", grid: grid)
        let report = try await PrivateUnderserved.run(
            inputs, ReleaseCounterTests.inputs([], grid: grid).settings, nodes: [ReleaseNode("2026-03")!], categories: nil,
            counts: Self.counts(["2026-03": month]), minCount: 11)
        let rows = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.id, $0) })
        let lonely = try #require(rows["B"])
        #expect(lonely.calls == nil && lonely.callsPer1000 == nil && lonely.arrestShare == nil && lonely.etaP50 == nil
                && lonely.withinTargetShare == nil, "B's one call shows no figure at all")
        let busy = try #require(rows["A"])
        #expect(abs((busy.calls ?? 0) - 300) < 40, "A's 300 calls are shown, with noise: \(String(describing: busy.calls))")
        #expect(busy.arrestShare != nil && busy.etaP50 != nil)
        #expect(report.privacy.isPrivate && report.callsInOverlaps == nil)
    }
}
