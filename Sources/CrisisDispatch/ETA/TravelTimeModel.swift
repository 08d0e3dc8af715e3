import GeoCore

/// Estimates travel time from a distance. Every answer names the model it
/// used (`eta_method`), so a road-network model can replace the straight-line
/// one behind this interface without changing what callers read.
public protocol TravelTimeModel: Sendable {
    /// The `eta_method` value answers carry, e.g. `straight_line`.
    var method: String { get }
    /// Seconds to travel between two points `distance` metres apart (geodesic).
    func travelTime(from origin: Coordinate, to destination: Coordinate, distance: Double) -> Double
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

    public var method: String { "straight_line" }

    public func travelTime(from origin: Coordinate, to destination: Coordinate, distance: Double) -> Double {
        distance * circuity / metresPerSecond
    }
}
