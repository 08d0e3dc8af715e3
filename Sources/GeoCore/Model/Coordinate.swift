/// A WGS84 position in degrees.
///
/// A `Coordinate` is valid by construction: `init(latitude:longitude:)` rejects
/// non-finite values and values outside [-90, 90] / [-180, 180], so the layers
/// above never have to re-check a coordinate they were handed.
public struct Coordinate: Hashable, Sendable {
    public let latitude: Double
    public let longitude: Double

    public init(latitude: Double, longitude: Double) throws(CoordinateError) {
        guard latitude.isFinite else { throw .notFinite(axis: .latitude) }
        guard longitude.isFinite else { throw .notFinite(axis: .longitude) }
        guard (-90...90).contains(latitude) else { throw .outOfRange(axis: .latitude, value: latitude) }
        guard (-180...180).contains(longitude) else { throw .outOfRange(axis: .longitude, value: longitude) }
        self.latitude = latitude
        self.longitude = longitude
    }

    /// For values already known to be valid (constants, values read back from the store).
    public init(uncheckedLatitude latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

public enum CoordinateAxis: String, Sendable {
    case latitude = "lat"
    case longitude = "lon"
}

public enum CoordinateError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFinite(axis: CoordinateAxis)
    case outOfRange(axis: CoordinateAxis, value: Double)

    public var axis: CoordinateAxis {
        switch self {
        case .notFinite(let axis), .outOfRange(let axis, _): axis
        }
    }

    public var description: String {
        switch self {
        case .notFinite(let axis):
            "\(axis == .latitude ? "latitude" : "longitude") is not a finite number"
        case .outOfRange(let axis, let value):
            axis == .latitude
                ? "latitude \(value) is outside [-90, 90]"
                : "longitude \(value) is outside [-180, 180]"
        }
    }
}
