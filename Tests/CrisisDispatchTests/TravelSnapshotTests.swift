import Contract
import Foundation
import GeoCore
import Synchronization
import Testing
@testable import CrisisDispatch

/// A road re-import that lands while a query runs must not mix two networks
/// in one answer: the engine answers each query with one model, and the
/// routes it returns come from the model that timed them.
@Suite struct TravelSnapshotTests {
    /// Times like the straight line under its own name, draws a path tagged
    /// with its name, and swaps `swappable` to `next` the first time it is used.
    final class SwappingModel: TravelTimeModel {
        let name: String
        let swappable: SwappableETA
        let next: (any TravelTimeModel)?
        private let swapped = Mutex(false)

        init(_ name: String, swappable: SwappableETA, next: (any TravelTimeModel)?) {
            self.name = name
            self.swappable = swappable
            self.next = next
        }

        /// The first model answers as straight line, the one swapped in as road network.
        var method: ETAMethod { name == "first" ? .straightLine : .roadNetwork }
        var growsWithDistance: Bool { false }

        func travelTime(from origin: Coordinate, to destination: Coordinate, distance: Double) -> Double {
            if let next, swapped.withLock({ done in defer { done = true }; return !done }) { swappable.replace(with: next) }
            return distance / 10
        }

        func path(from origin: Coordinate, to destination: Coordinate) -> [Coordinate]? {
            [origin, Coordinate(uncheckedLatitude: name == "first" ? 1 : 2, longitude: 0), destination]
        }
    }

    static func engine() -> (DispatchEngine, SwappableETA) {
        let swappable = SwappableETA(StraightLineETA())
        let second = SwappingModel("second", swappable: swappable, next: nil)
        swappable.replace(with: SwappingModel("first", swappable: swappable, next: second))
        let teams = (0..<4).map { Places.team("T\($0)", at: Coordinate(uncheckedLatitude: 39.74 + Double($0) * 0.01, longitude: -104.99)) }
        let facilities = (0..<4).map { Places.facility("F\($0)", at: Coordinate(uncheckedLatitude: 39.74, longitude: -104.99 + Double($0) * 0.01)) }
        return (DispatchEngine(teams: teams, facilities: facilities, settings: DispatchSettings(travelTime: swappable)), swappable)
    }

    @Test func aModelSwappedMidQueryDoesNotLeakIntoTheAnswer() {
        let (engine, swappable) = Self.engine()
        let teams = engine.nearestTeams(TeamQuery(location: Places.denver, at: Places.noon, limit: 3), routes: true)
        #expect(swappable.method == .roadNetwork, "the model was swapped while the query ran")
        #expect(teams.etaMethod == .straightLine)
        #expect(teams.results.count == 3 && teams.results.allSatisfy { $0.etaMethod == nil })
        #expect(teams.results.allSatisfy { $0.route?[1].latitude == 1 }, "every route comes from the model that timed it")

        let (other, swappedAgain) = Self.engine()
        let facilities = other.nearestFacilities(FacilityQuery(location: Places.denver, at: Places.noon), routes: true)
        #expect(swappedAgain.method == .roadNetwork)
        #expect(facilities.etaMethod == .straightLine && facilities.results.allSatisfy { $0.etaMethod == nil && $0.route?[1].latitude == 1 })
    }

    @Test func routesAreOnlyDrawnWhenAskedFor() {
        let (engine, _) = Self.engine()
        let answer = engine.nearestTeams(TeamQuery(location: Places.denver, at: Places.noon, limit: 3))
        #expect(!answer.results.isEmpty && answer.results.allSatisfy { $0.route == nil })
    }
}
