import Contract
import GeoCore

/// Estimates travel time from a distance. Every answer names the model it
/// used (`eta_method`), so a road-network model can replace the straight-line
/// one behind this interface without changing what callers read.
public protocol TravelTimeModel: Sendable {
    /// The `eta_method` answers carry.
    var method: ETAMethod { get }
    /// Seconds to travel between two points `distance` metres apart (geodesic).
    func travelTime(from origin: Coordinate, to destination: Coordinate, distance: Double) -> Double
    /// True when ETA only grows with straight-line distance. When it need not
    /// (roads), the engine times a wider pool of the nearest candidates and
    /// ranks them by ETA.
    var growsWithDistance: Bool { get }
    /// Many origins to one destination (teams to a call), in one search where the model can.
    func travelTimes(from origins: [Coordinate], to destination: Coordinate, distances: [Double]) -> [Leg]
    /// One origin to many destinations (a scene to facilities).
    func travelTimes(from origin: Coordinate, to destinations: [Coordinate], distances: [Double]) -> [Leg]
    /// The path to draw, when the model knows one.
    func path(from origin: Coordinate, to destination: Coordinate) -> [Coordinate]?
    /// The model to answer one whole query with. A model that can be swapped
    /// while requests run returns the one in force now, so a query never mixes
    /// two road networks; every other model is its own snapshot.
    var snapshot: any TravelTimeModel { get }
}

/// One timed trip and the method that timed it: a road model falls back to
/// the straight line for a point off the network, and says so.
public struct Leg: Sendable, Equatable {
    public var seconds: Double
    public var method: ETAMethod
    /// By road: how far the candidate (team, facility) and the call lie
    /// from the road they were snapped to, metres; nil otherwise.
    public var candidateSnap: Double?
    public var querySnap: Double?

    public init(seconds: Double, method: ETAMethod, candidateSnap: Double? = nil, querySnap: Double? = nil) {
        self.seconds = seconds
        self.method = method
        self.candidateSnap = candidateSnap
        self.querySnap = querySnap
    }
}

extension TravelTimeModel {
    public var growsWithDistance: Bool { true }

    public func travelTimes(from origins: [Coordinate], to destination: Coordinate, distances: [Double]) -> [Leg] {
        zip(origins, distances).map { Leg(seconds: travelTime(from: $0, to: destination, distance: $1), method: method) }
    }

    public func travelTimes(from origin: Coordinate, to destinations: [Coordinate], distances: [Double]) -> [Leg] {
        zip(destinations, distances).map { Leg(seconds: travelTime(from: origin, to: $0, distance: $1), method: method) }
    }

    public func path(from origin: Coordinate, to destination: Coordinate) -> [Coordinate]? { nil }

    public var snapshot: any TravelTimeModel { self }
}

/// Straight-line ETA: geodesic distance times a circuity factor, over a speed.
///
/// Defaults: circuity 1.4, the mean ratio of driving to straight-line
/// distance to US hospitals found by Boscoe, Henry and Zdeb (2012, "A
/// nationwide comparison of driving distance versus straight-line distance
/// to hospitals", The Professional Geographer 64(2)): 1.417; and 40 km/h, a
/// typical average urban driving speed including intersections.
public struct StraightLineETA: TravelTimeModel {
    public var circuity: Double
    public var metresPerSecond: Double

    public init(circuity: Double = 1.4, kilometresPerHour: Double = 40) {
        self.circuity = circuity
        self.metresPerSecond = kilometresPerHour / 3.6
    }

    public var method: ETAMethod { .straightLine }

    public func travelTime(from origin: Coordinate, to destination: Coordinate, distance: Double) -> Double {
        distance * circuity / metresPerSecond
    }
}
