import Contract
import GeoCore
import Routing

/// Drive times over the imported road network (`eta_method: road_network`).
///
/// A location farther than the router's snap limit from every road, or a
/// pair the network does not connect, falls back to the straight-line
/// model, and that result says so (`eta_method: straight_line`), so a
/// dispatcher is never shown a road time that was not computed on roads.
public struct RoadNetworkETA: TravelTimeModel {
    public let router: RoadRouter
    public let fallback: StraightLineETA

    public init(router: RoadRouter, fallback: StraightLineETA = StraightLineETA()) {
        self.router = router
        self.fallback = fallback
    }

    public var method: ETAMethod { .roadNetwork }
    public var growsWithDistance: Bool { false }

    public func travelTime(from origin: Coordinate, to destination: Coordinate, distance: Double) -> Double {
        router.travelTime(from: origin, to: destination)?.seconds ?? fallback.travelTime(from: origin, to: destination, distance: distance)
    }

    public func travelTimes(from origins: [Coordinate], to destination: Coordinate, distances: [Double]) -> [Leg] {
        legs(router.travelTimes(from: origins, to: destination), candidateIsOrigin: true, distances: distances) {
            fallback.travelTime(from: origins[$0], to: destination, distance: $1)
        }
    }

    public func travelTimes(from origin: Coordinate, to destinations: [Coordinate], distances: [Double]) -> [Leg] {
        legs(router.travelTimes(from: origin, to: destinations), candidateIsOrigin: false, distances: distances) {
            fallback.travelTime(from: origin, to: destinations[$0], distance: $1)
        }
    }

    public func path(from origin: Coordinate, to destination: Coordinate) -> [Coordinate]? {
        router.route(from: origin, to: destination)?.geometry
    }

    private func legs(_ times: [RouteTime?], candidateIsOrigin: Bool, distances: [Double], straight: (Int, Double) -> Double) -> [Leg] {
        times.enumerated().map { index, time in
            if let time {
                let (candidate, query) = candidateIsOrigin ? (time.origin, time.target) : (time.target, time.origin)
                return Leg(seconds: time.seconds, method: method, candidateSnap: candidate.distance, querySnap: query.distance)
            }
            return Leg(seconds: straight(index, distances[index]), method: fallback.method)
        }
    }
}
