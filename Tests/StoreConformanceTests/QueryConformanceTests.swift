import Analytics
import CrisisDispatch
import Foundation
import GeoCore
import Store
import Testing
import TestSupport

/// Nearest, aggregates and the rules above them give the same answers from either store.
@Suite struct QueryConformanceTests {
    /// Every facility measured: (id, metres), nearest first, ties by id.
    static func nearestByBruteForce(_ facilities: [Facility], to point: Coordinate, limit: Int) -> [(String, Double)] {
        Array(facilities
            .map { ($0.id, Geodesic.wgs84.distance(from: point, to: $0.location)) }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit))
    }

    @Test(arguments: Backend.allCases)
    func nearestIsTheExactGeodesicOrderWithTiesById(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        var generator = SplitMix64(seed: 42)
        var facilities = (0..<3_000).map { i in
            Fixtures.facility(String(format: "F%05d", i), at: Coordinate(
                uncheckedLatitude: Double.random(in: 38.5...41, using: &generator),
                longitude: Double.random(in: -106.5 ... -103, using: &generator)))
        }
        // Ties: several facilities at one spot, inserted out of id order.
        let spot = Coordinate(uncheckedLatitude: 39.7, longitude: -104.9)
        facilities += ["TIE-C", "TIE-A", "TIE-B"].map { Fixtures.facility($0, at: spot) }
        _ = try await store.facilities.upsert(facilities)
        for _ in 0..<30 {
            let point = Coordinate(uncheckedLatitude: Double.random(in: 38.4...41.1, using: &generator),
                                   longitude: Double.random(in: -106.6 ... -102.9, using: &generator))
            let expected = Self.nearestByBruteForce(facilities, to: point, limit: 10)
            let found = try await store.facilities.nearest(to: point, limit: 10)
            #expect(found.map(\.record.id) == expected.map(\.0))
            #expect(zip(found, expected).allSatisfy { $0.distance == $1.1 })
        }
        let tied = try await store.facilities.nearest(to: spot, limit: 3)
        #expect(tied.map(\.record.id) == ["TIE-A", "TIE-B", "TIE-C"])
        #expect(try await store.facilities.nearest(to: spot, limit: 5_000).count == facilities.count, "more than there are: all")
        #expect(try await store.teams.nearest(to: spot, limit: 3).isEmpty)
        await opened.close()
    }

    /// Far north a degree of longitude is a third of a degree of latitude,
    /// so an index ordered in degrees hands out the nearest on the ground
    /// late: a store that stops reading too soon answers wrongly here.
    @Test(arguments: Backend.allCases)
    func nearestStaysExactFarFromTheEquator(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        var generator = SplitMix64(seed: 7)
        let facilities = (0..<2_000).map { i in
            // Mostly strung out east-west, where degrees overstate the distance.
            let eastWest = i % 4 != 0
            return Fixtures.facility(String(format: "N%05d", i), at: Coordinate(
                uncheckedLatitude: 70 + Double.random(in: eastWest ? -0.02...0.02 : -0.5...0.5, using: &generator),
                longitude: 25 + Double.random(in: eastWest ? -1.5...1.5 : -0.05...0.05, using: &generator)))
        }
        _ = try await store.facilities.upsert(facilities)
        for _ in 0..<40 {
            let point = Coordinate(uncheckedLatitude: Double.random(in: 69.6...70.4, using: &generator),
                                   longitude: Double.random(in: 24...26, using: &generator))
            let expected = Self.nearestByBruteForce(facilities, to: point, limit: 10)
            let found = try await store.facilities.nearest(to: point, limit: 10)
            #expect(found.map(\.record.id) == expected.map(\.0), "at \(point)")
        }
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func callPointsFilterByTimeCategoryAndBox(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        let calls = Fixtures.randomCalls(count: 3_000, seed: 8)
        _ = try await store.calls.upsert(calls)
        let since = Fixtures.noon.addingTimeInterval(600 * 60)
        let until = Fixtures.noon.addingTimeInterval(2_000 * 60)
        let box = BoundingBox(west: -105.1, south: 39.6, east: -104.8, north: 39.9)
        let filter = CallFilter(since: since, until: until, categories: [.overdose, .psychiatric], box: box)
        let points = try await store.callPoints(matching: filter)
        let expected = calls.filter {
            $0.receivedAt >= since && $0.receivedAt < until && [.overdose, .psychiatric].contains($0.category) && box.contains($0.location)
        }
        #expect(points.count == expected.count && points.count > 0)
        #expect(Set(zip(points.latitudes, points.longitudes).map { "\($0) \($1)" })
                == Set(expected.map { "\($0.location.latitude) \($0.location.longitude)" }))
        #expect(try await store.callPoints(matching: CallFilter()).count == 3_000)
        await opened.close()
    }

    /// Opening hours are read in each facility's own time zone; the engine
    /// loaded from either store decides alike.
    @Test(arguments: Backend.allCases)
    func timeZoneAndScheduleRulesHoldOverTheStore(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        var denver = Fixtures.facility("DEN")
        denver.kind = .outpatient
        denver.hours = try OpeningHours(parsing: "Mo-Fr 08:00-17:00")
        denver.location = Coordinate(uncheckedLatitude: 39.7393, longitude: -104.9903)
        var newYork = denver
        newYork.id = "NYC"
        newYork.timeZone = "America/New_York"
        // Nearer than DEN, so that the answer says why it was passed over.
        newYork.location = Fixtures.denver
        _ = try await store.facilities.upsert([denver, newYork])
        let engine = try await DispatchEngine.load(from: store)
        // Monday 2026-11-23 16:30 in Denver is 18:30 in New York: one open, one closed.
        let monday = Fixtures.noon.addingTimeInterval(86_400 + 9_000)
        let answer = engine.nearestFacilities(FacilityQuery(location: Fixtures.denver, at: monday, kinds: [.outpatient]))
        #expect(answer.results.map(\.facility.id) == ["DEN"])
        #expect(answer.excluded.map(\.record.id) == ["NYC"])
        await opened.close()
    }

    /// Small counts are hidden the same way whichever store the calls come from.
    @Test(arguments: Backend.allCases)
    func densitySuppressionIsTheSame(_ backend: Backend) async throws {
        let opened = try await backend.opened()
        let store = opened.store
        var calls = Fixtures.randomCalls(count: 400, seed: 9)
        calls += (0..<3).map { Fixtures.call("LONE\($0)", at: Coordinate(uncheckedLatitude: 39.98, longitude: -104.62)) }
        _ = try await store.calls.upsert(calls)
        let request = DensityRequest(cellSize: 500, bandwidth: 1_500, minCount: 5)
        let fromStore = try await DensityEstimator.estimate(from: store, request)
        var inMemory = CallPoints()
        for call in calls {
            inMemory.append(latitude: call.location.latitude, longitude: call.location.longitude,
                            receivedAt: call.receivedAt.timeIntervalSince1970, disposition: call.disposition)
        }
        let expected = try DensityEstimator.estimate(inMemory, request)
        #expect(fromStore.suppressedCellCount > 0)
        #expect(fromStore.suppressedCellCount == expected.suppressedCellCount)
        #expect(fromStore.reachCounts == expected.reachCounts)
        #expect(fromStore.counts == expected.counts)
        await opened.close()
    }
}
