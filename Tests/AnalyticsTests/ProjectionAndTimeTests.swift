import Foundation
import GeoCore
import Testing
@testable import Analytics
@testable import Store

@Suite struct ProjectionAndTimeTests {
    /// WGS84 meridian arc from the equator (Helmert's series), metres.
    static func meridianArc(_ latitude: Double) -> Double {
        let a = 6_378_137.0, f = 1 / 298.257223563
        let e2 = f * (2 - f), e4 = e2 * e2, e6 = e4 * e2
        let phi = latitude * .pi / 180
        return a * ((1 - e2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * phi - (3 * e2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * sin(2 * phi)
            + (15 * e4 / 256 + 45 * e6 / 1024) * sin(4 * phi) - (35 * e6 / 3072) * sin(6 * phi))
    }

    static func pointsWith(_ lat: Double, _ lon: Double) -> CallPoints {
        var points = CallPoints()
        points.append(latitude: lat, longitude: lon, receivedAt: 0)
        for (dLat, dLon) in [(0.05, 0.05), (-0.05, -0.05), (0.05, -0.05)] {
            points.append(latitude: lat + dLat, longitude: lon + dLon, receivedAt: 0)
        }
        return points
    }

    @Test func aCallOnTheCentralMeridianLandsInItsUTMCell() throws {
        // On UTM 13N's central meridian (105° W): easting 500,000 m, northing 0.9996 x meridian arc.
        let surface = try DensityEstimator.estimate(Self.pointsWith(40, -105), DensityRequest(cellSize: 100, bandwidth: 300, minCount: 1))
        #expect(surface.grid.crs == "EPSG:32613")
        let cell = try #require(surface.grid.cell(x: 500_000, y: 0.9996 * Self.meridianArc(40)))
        #expect(surface.counts[surface.grid.index(column: cell.column, row: cell.row)] == 1)
    }

    @Test func aCallLandsInItsCellInAUserCRS() throws {
        // Web Mercator: x = R λ, y = R ln tan(π/4 + φ/2), R = 6,378,137 m.
        let (lat, lon) = (39.7392, -104.9903)
        let r = 6_378_137.0
        let x = r * lon * .pi / 180, y = r * log(tan(.pi / 4 + lat * .pi / 360))
        let surface = try DensityEstimator.estimate(Self.pointsWith(lat, lon),
                                                    DensityRequest(crs: "EPSG:3857", cellSize: 50, bandwidth: 200, minCount: 1))
        let cell = try #require(surface.grid.cell(x: x, y: y))
        #expect(surface.counts[surface.grid.index(column: cell.column, row: cell.row)] == 1)
        #expect(throws: DensityError.self) { try DensityEstimator.estimate(Self.pointsWith(lat, lon), DensityRequest(crs: "EPSG:999999")) }
    }

    /// Grids are laid in metres: `crs` must name a projected EPSG CRS in
    /// metres. Degrees, US survey feet and PROJ strings are refused with the
    /// rule, before PROJ is asked to transform anything.
    @Test(arguments: [
        ("EPSG:4326", "not a projected CRS"),
        ("EPSG:2231", "not metres"),
        ("+proj=utm +zone=13 +units=mm", "expected EPSG:NNNN"),
        ("EPSG:12", "expected EPSG:NNNN"),
        ("EPSG:26913 ", "expected EPSG:NNNN"),
    ])
    func onlyAProjectedEPSGCRSInMetresLaysAGrid(_ crs: String, _ reason: String) throws {
        let problem = try #require(ProjectedCRS.problem(crs), "\(crs) was accepted")
        #expect(problem.contains(reason), "\(problem)")
        #expect(problem.contains("projected coordinate reference system in metres"))
        #expect {
            try DensityEstimator.estimate(Self.pointsWith(39.74, -104.99), DensityRequest(crs: crs, cellSize: 100, bandwidth: 300, minCount: 1))
        } throws: { error in
            guard case DensityError.crs(let message) = error else { return false }
            return message.contains(reason)
        }
    }

    @Test func metricProjectedCRSsAreAccepted() {
        for crs in ["EPSG:26913", "EPSG:32613", "EPSG:3857", "EPSG:5070"] {
            #expect(ProjectedCRS.problem(crs) == nil, "\(crs)")
        }
    }

    /// Calls a hemisphere apart at a 1 m cell: the cell count is refused
    /// as a number before any Int is made or anything allocated.
    @Test func aVastGridIsRefusedBeforeAllocation() {
        var points = CallPoints()
        points.append(latitude: -60, longitude: -170, receivedAt: 0)
        points.append(latitude: 70, longitude: 170, receivedAt: 0)
        #expect {
            try DensityEstimator.estimate(points, DensityRequest(crs: "EPSG:3857", cellSize: 1, bandwidth: 2, minCount: 1))
        } throws: { error in
            guard case DensityError.tooManyCells = error else { return false }
            return true
        }
    }

    @Test func hoursAcrossMidnightAndDaysInTheLocalZone() throws {
        let denver = try #require(TimeZone(identifier: "America/Denver"))
        func time(_ text: String) -> Double { ISO8601DateFormatter().date(from: text)!.timeIntervalSince1970 }
        // Friday 2026-11-20 23:30 local (UTC-7) is Saturday 06:30 UTC; Friday 2026-07-17 05:00 local is UTC-6.
        let times = [time("2026-11-21T06:30:00Z"), time("2026-11-20T19:00:00Z"), time("2026-07-17T11:00:00Z"), time("2026-11-22T08:00:00Z")]
        let nights = LocalTimeFilter(hours: HourWindow("18-06"), days: nil, timeZone: denver)
        #expect(nights.keeps(times) == [true, false, true, true])
        let fridays = LocalTimeFilter(hours: nil, days: [.friday], timeZone: denver)
        #expect(fridays.keeps(times) == [true, true, true, false])
        #expect(HourWindow("6-6") == nil && HourWindow("25-3") == nil && HourWindow("x") == nil)
        #expect(Weekday(name: "FRI") == .friday && Weekday(name: "su") == .sunday && Weekday(name: "x") == nil)
    }

    @Test func distancesAndNiceNumbers() {
        #expect(Distance.metres("250m") == 250 && Distance.metres("1.5km") == 1500 && Distance.metres("750") == 750)
        #expect(Distance.metres("-3m") == nil && Distance.metres("km") == nil)
        #expect(GridParameters.nextNice(after: 50) == 100 && GridParameters.nextNice(after: 2) == 2.5 && GridParameters.nextNice(after: 5) == 10)
        #expect(GridParameters.niceRound(374) == 250 && GridParameters.niceRound(0.8) == 0.5 && GridParameters.niceRound(1200) == 1000)
    }
}
