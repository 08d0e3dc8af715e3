import Contract
import Foundation
import GeoCore
import Store
import Testing
@testable import CrisisDispatch
import TestSupport

/// The engine's answers must equal a brute-force scan: every candidate's
/// geodesic distance computed, sorted by (distance, id), rules applied.
@Suite struct ExactNearestTests {
    struct Scenario: CustomStringConvertible, Sendable {
        var name: String
        var count: Int
        var center: Coordinate
        var spread: Double
        var clustered: Bool
        var queries: Int
        var description: String { name }
    }

    // 10,000 queries in all, from a three-point store to a 200,000-point one,
    // in a dense city, sparse rural country, Alaska, and across the antimeridian.
    static let scenarios: [Scenario] = [
        Scenario(name: "three points", count: 3, center: Places.denver, spread: 0.5, clustered: false, queries: 2_000),
        Scenario(name: "dense city, clustered", count: 1_000, center: Places.denver, spread: 0.3, clustered: true, queries: 2_525),
        Scenario(name: "rural state, uniform", count: 300, center: Coordinate(uncheckedLatitude: 39, longitude: -105.5), spread: 4, clustered: false, queries: 2_000),
        Scenario(name: "Alaska", count: 800, center: Coordinate(uncheckedLatitude: 64.8, longitude: -147.7), spread: 8, clustered: false, queries: 1_500),
        Scenario(name: "antimeridian and pole", count: 600, center: Coordinate(uncheckedLatitude: 70, longitude: 179.5), spread: 20, clustered: false, queries: 1_960),
        Scenario(name: "200,000 clustered", count: 200_000, center: Places.denver, spread: 1, clustered: true, queries: 15),
    ]

    @Test(arguments: scenarios)
    func teamsMatchBruteForce(_ scenario: Scenario) {
        var generator = SplitMix64(seed: UInt64(scenario.count * 31 + scenario.queries))
        let locations = Places.points(scenario.count, around: scenario.center, spread: scenario.spread,
                                      clustered: scenario.clustered, using: &generator)
        let statuses: [TeamStatus] = [.available, .available, .available, .dispatched, .onScene]
        let teams = locations.enumerated().map { index, location in
            Places.team(String(format: "T%06d", index), at: location,
                        status: statuses[index % statuses.count],
                        fixAgo: index % 7 == 0 ? 3_600 : 30,
                        skills: index % 3 == 0 ? ["spanish"] : [])
        }
        // No distance cap here: brute force has none.
        let engine = DispatchEngine(teams: teams, facilities: [], settings: DispatchSettings(maxDistance: .infinity))
        let queries = Places.points(scenario.queries, around: scenario.center, spread: scenario.spread * 1.2,
                                    clustered: false, using: &generator)
        var mismatches = 0
        for (index, location) in queries.enumerated() {
            let limit = [1, 3, 10][index % 3]
            let needs = index % 4 == 0 ? ["spanish"] : []
            let query = TeamQuery(location: location, at: Places.noon, limit: limit, needs: needs)
            let answer = engine.nearestTeams(query)

            // Brute force in O(n) per query: every distance, then the k
            // smallest eligible by (distance, id) without sorting them all.
            let distances = teams.map { Geodesic.wgs84.distance(from: location, to: $0.location) }
            let ineligible = teams.map { !TeamRules.reasons(for: $0, query: query, maxFixAge: 600, clockSkew: ClockSkew()).isEmpty }
            var best: [Int] = []
            for i in teams.indices where !ineligible[i] {
                let key = (distances[i], teams[i].id)
                if best.count == limit, let last = best.last, key >= (distances[last], teams[last].id) { continue }
                let position = best.firstIndex { key < (distances[$0], teams[$0].id) } ?? best.count
                best.insert(i, at: position)
                if best.count > limit { best.removeLast() }
            }
            if answer.results.map(\.team.id) != best.map({ teams[$0].id }) { mismatches += 1; continue }
            for (result, truth) in zip(answer.results, best) where result.distance != distances[truth] { mismatches += 1 }
            // Excluded: every ineligible candidate before the last result, in order.
            if let last = best.last {
                let passedOver = teams.indices
                    .filter { ineligible[$0] && (distances[$0], teams[$0].id) < (distances[last], teams[last].id) }
                    .sorted { (distances[$0], teams[$0].id) < (distances[$1], teams[$1].id) }
                if answer.excluded.map(\.record.id) != passedOver.map({ teams[$0].id }) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(queries.count) queries differ from brute force in \(scenario.name)")
    }

    @Test func candidatesBeyondTheMaximumDistanceAreNotConsidered() {
        let near = Geodesic.wgs84.destination(from: Places.denver, azimuth: 0, distance: 900)
        let far = Geodesic.wgs84.destination(from: Places.denver, azimuth: 90, distance: 1_200)
        let engine = DispatchEngine(
            teams: [Places.team("T1", at: near), Places.team("T2", at: far)], facilities: [],
            settings: DispatchSettings(maxDistance: 1_000))
        let answer = engine.nearestTeams(TeamQuery(location: Places.denver, at: Places.noon, limit: 5))
        #expect(answer.results.map(\.team.id) == ["T1"])
    }

    @Test func fewerCandidatesThanAskedForReturnsThemAll() {
        let teams = (0..<3).map { Places.team("T\($0)", at: Coordinate(uncheckedLatitude: 39.7 + Double($0) * 0.01, longitude: -105)) }
        let answer = DispatchEngine(teams: teams, facilities: []).nearestTeams(
            TeamQuery(location: Places.denver, at: Places.noon, limit: 10))
        #expect(answer.results.map(\.team.id) == ["T2", "T1", "T0"])
        #expect(answer.results.map(\.rank) == [1, 2, 3])
    }

    @Test func tiesAreOrderedById() {
        let spot = Coordinate(uncheckedLatitude: 39.75, longitude: -104.95)
        let teams = ["T9", "T1", "T5", "T3"].map { Places.team($0, at: spot) }
        let answer = DispatchEngine(teams: teams, facilities: []).nearestTeams(
            TeamQuery(location: Places.denver, at: Places.noon, limit: 3))
        #expect(answer.results.map(\.team.id) == ["T1", "T3", "T5"])
    }

    @Test func ruralFacilityFarAwayIsStillFound() {
        // Nearest facility 150 km from the call, with an ineligible one on the way.
        let call = Coordinate(uncheckedLatitude: 40.0, longitude: -103.0)
        let far = Geodesic.wgs84.destination(from: call, azimuth: 270, distance: 150_000)
        let nearer = Geodesic.wgs84.destination(from: call, azimuth: 90, distance: 90_000)
        let engine = DispatchEngine(teams: [], facilities: [
            Places.facility("F1", at: far),
            Places.facility("F2", at: nearer, kind: .outpatient),
        ])
        let answer = engine.nearestFacilities(FacilityQuery(
            location: call, at: Places.noon, limit: 1, kinds: [.crisisStabilization]))
        #expect(answer.results.map(\.facility.id) == ["F1"])
        #expect(abs(answer.results[0].distance - 150_000) < 1e-6)
        #expect(answer.excluded.map(\.record.id) == ["F2"])
        #expect(answer.excluded.first?.reasons == [.kindNotRequested])
    }
}
