import Contract
import GeoCore
import Synchronization

/// A travel-time model that can be replaced while requests use it: the
/// server builds a new road router when roads are re-imported and swaps it
/// in; a request in flight finishes with the model it started with.
public final class SwappableETA: TravelTimeModel {
    private let current: Mutex<any TravelTimeModel>

    public init(_ model: any TravelTimeModel) {
        current = Mutex(model)
    }

    public var model: any TravelTimeModel {
        get { current.withLock { $0 } }
    }

    public func replace(with model: any TravelTimeModel) {
        current.withLock { $0 = model }
    }

    public var snapshot: any TravelTimeModel { model.snapshot }

    public var method: ETAMethod { model.method }
    public var growsWithDistance: Bool { model.growsWithDistance }

    public func travelTime(from origin: Coordinate, to destination: Coordinate, distance: Double) -> Double {
        model.travelTime(from: origin, to: destination, distance: distance)
    }

    public func travelTimes(from origins: [Coordinate], to destination: Coordinate, distances: [Double]) -> [Leg] {
        model.travelTimes(from: origins, to: destination, distances: distances)
    }

    public func travelTimes(from origin: Coordinate, to destinations: [Coordinate], distances: [Double]) -> [Leg] {
        model.travelTimes(from: origin, to: destinations, distances: distances)
    }

    public func path(from origin: Coordinate, to destination: Coordinate) -> [Coordinate]? {
        model.path(from: origin, to: destination)
    }
}
