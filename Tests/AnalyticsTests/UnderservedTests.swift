import Foundation
import GeoCore
import Testing
@testable import Analytics
import Contract
@testable import Store

/// Awkward areas: no residents, no calls, overlapping, in two parts, and calls outside them all.
@Suite struct UnderservedTests {
    static func square(_ west: Double, _ south: Double, _ size: Double) -> Polygon {
        Polygon(rings: [[(west, south), (west + size, south), (west + size, south + size), (west, south + size), (west, south)]
            .map { Coordinate(uncheckedLatitude: $0.1, longitude: $0.0) }])
    }

    static func area(_ id: String, _ population: Int, _ geometry: Geometry) -> Area {
        Area(id: id, name: "Area \(id)", kind: nil, population: population, geometry: geometry)
    }

    static let settings = PlanningSettings(travelTime: { $0 * 1.4 / (40 / 3.6) }, etaMethod: .straightLine)

    static func inputs() -> PlanningInputs {
        let areas = [
            area("A", 10_000, .polygon(square(-105.00, 39.70, 0.02))),
            area("B", 0, .polygon(square(-104.98, 39.70, 0.02))),                       // no residents
            area("C", 5_000, .polygon(square(-104.90, 39.70, 0.02))),                   // no calls
            area("D", 2_000, .multiPolygon([square(-105.10, 39.70, 0.01), square(-105.10, 39.80, 0.01)])),  // two parts
            area("E", 3_000, .polygon(square(-104.995, 39.705, 0.01))),                 // overlaps A
        ]
        var calls = CallPoints()
        for _ in 0..<4 { calls.append(latitude: 39.701, longitude: -104.999, receivedAt: 0, disposition: .arrest) }      // A only
        for _ in 0..<2 { calls.append(latitude: 39.71, longitude: -104.99, receivedAt: 0, disposition: .hospitalized) }  // A and E
        calls.append(latitude: 39.71, longitude: -104.97, receivedAt: 0)                                                   // B
        calls.append(latitude: 39.805, longitude: -105.095, receivedAt: 0, disposition: .referred)                       // D, second part
        calls.append(latitude: 45.0, longitude: -100.0, receivedAt: 0)                                                     // outside
        let site = PlanningInputs.Site(location: Coordinate(uncheckedLatitude: 39.71, longitude: -104.995), capacity: 16)
        return PlanningInputs(areas: areas, calls: calls, facilities: [site.location], supply: [site], supplyKinds: [.crisisStabilization],
                              teams: [Coordinate(uncheckedLatitude: 39.72, longitude: -104.98)])
    }

    @Test func everyAwkwardAreaIsHandledAndReported() throws {
        let report = try UnderservedAnalysis.run(Self.inputs(), Self.settings)
        let rows = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.id, $0) })
        #expect(report.callsOutsideAreas == 1)
        #expect(report.callsInOverlaps == 2, "the two calls in A and E")
        #expect(report.areasWithoutPopulation == ["B"])
        #expect(rows["A"]?.calls == 6, "overlapping calls count for the first area by id")
        #expect(rows["E"]?.calls == 0)
        #expect(rows["D"]?.calls == 1, "a call in the second part of a multipolygon")
        #expect(rows["B"]?.calls == 1 && rows["B"]?.callsPer1000 == nil, "no residents: no rate, no division by zero")
        #expect(rows["C"]?.calls == 0 && rows["C"]?.etaP50 == nil && rows["C"]?.withinTargetShare == nil)
        #expect(rows["A"]?.callsPer1000 == 0.6)
        #expect(rows["A"]?.arrestShare == 4.0 / 6 && rows["A"]?.hospitalizedShare == 2.0 / 6)
        #expect(rows["D"]?.arrestShare == 0 && rows["B"]?.arrestShare == nil, "shares only over recorded dispositions")
        #expect(rows["A"]?.bedsPer100k == 160, "16 beds inside A for 10,000 residents")
        #expect(Set(report.rows.map(\.rank)) == Set(1...5))
        for row in report.rows {
            let values = [row.callsPer1000, row.arrestShare, row.hospitalizedShare, row.etaP50, row.etaP90, row.teamEtaP50,
                          row.teamEtaP90, row.withinTargetShare, row.bedsPer100k, row.access2SFCA, row.accessE2SFCA, row.score]
            #expect(values.compactMap { $0 }.allSatisfy { $0.isFinite }, "\(row.id): no NaN or infinity")
        }
    }

    @Test func aBedTargetGivesEachAreaItsShortfall() throws {
        var settings = Self.settings
        settings.targetBedsPer100k = 200
        let rows = Dictionary(uniqueKeysWithValues: try UnderservedAnalysis.run(Self.inputs(), settings).rows.map { ($0.id, $0) })
        #expect(rows["A"]?.bedsShortfallPer100k == 40, "200 wanted, 160 there")
        #expect(rows["C"]?.bedsShortfallPer100k == 200 && rows["B"]?.bedsShortfallPer100k == nil)
        #expect(try UnderservedAnalysis.run(Self.inputs(), Self.settings).rows.allSatisfy { $0.bedsShortfallPer100k == nil })
    }

    @Test func etasFollowTheTravelModelAndPercentilesAreNearestRank() throws {
        let report = try UnderservedAnalysis.run(Self.inputs(), Self.settings)
        let a = try #require(report.rows.first { $0.id == "A" })
        let eta = try #require(a.etaP50)
        // Of A's six calls, four lie ~1,060 m from the facility and two ~430 m: the median
        // (nearest rank, the 3rd of 6) is a far one. The geodesic gives the distance; UTM
        // distances are within 0.1% of it over a county.
        let far = Geodesic.wgs84.distance(from: Coordinate(uncheckedLatitude: 39.701, longitude: -104.999),
                                          to: Coordinate(uncheckedLatitude: 39.71, longitude: -104.995))
        let expected = far * 1.4 / (40 / 3.6)
        #expect(abs(eta - expected) <= 0.002 * expected, "\(eta) vs \(expected)")
        #expect(UnderservedAnalysis.percentile([1, 2, 3, 4], 0.5) == 2 && UnderservedAnalysis.percentile([1, 2, 3, 4], 0.9) == 4)
        #expect(UnderservedAnalysis.percentile([], 0.5) == nil)
    }

    @Test func theLocatorHonoursHoles() {
        var donut = Self.square(-105, 39.7, 0.1)
        donut.rings.append(Self.square(-104.97, 39.73, 0.04).rings[0])
        let locator = AreaLocator([Self.area("X", 1, .polygon(donut))])
        #expect(locator.areas(containing: 39.71, -104.99) == [0])
        #expect(locator.areas(containing: 39.75, -104.95).isEmpty, "inside the hole")
        #expect(locator.areas(containing: 10, 10).isEmpty)
    }
}

@Suite struct PlanarIndexTests {
    @Test func nearestMatchesBruteForceAndSurvivesUnprojectablePoints() {
        var generator = SystemRandomNumberGenerator()
        let xs = (0..<300).map { _ in Double.random(in: 0...50_000, using: &generator) } + [.infinity, 1e300]
        let ys = (0..<300).map { _ in Double.random(in: 0...50_000, using: &generator) } + [0, .nan]
        let index = PlanarIndex(xs: xs, ys: ys, cell: 2_000)
        for _ in 0..<200 {
            let x = Double.random(in: -80_000...130_000, using: &generator), y = Double.random(in: -80_000...130_000, using: &generator)
            let brute = (0..<300).map { ((xs[$0] - x) * (xs[$0] - x) + (ys[$0] - y) * (ys[$0] - y)).squareRoot() }.min()!
            #expect(abs((index.nearestDistance(x: x, y: y) ?? -1) - brute) < 1e-6)
        }
        #expect(index.nearestDistance(x: .infinity, y: 0) == nil && index.nearestDistance(x: .nan, y: 0) == nil)
        #expect(index.within(1e12, x: 0, y: 0).isEmpty && index.within(10, x: 1e200, y: 0).isEmpty)
        #expect(PlanarIndex(xs: [.infinity], ys: [0]).nearestDistance(x: 0, y: 0) == nil)
    }
}
