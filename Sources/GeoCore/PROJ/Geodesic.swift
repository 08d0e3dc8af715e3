import CProj

/// Geodesic (ellipsoidal) distances through PROJ's implementation of
/// Karney's algorithms, accurate to nanometres on WGS84.
///
/// `Geodesic` is a plain value holding the ellipsoid's constants, so it is
/// safe to share between threads; `wgs84` is the one every figure uses.
public struct Geodesic: Sendable {
    private let geodesic: geod_geodesic

    public static let wgs84 = Geodesic(equatorialRadius: 6_378_137, flattening: 1 / 298.257223563)

    public init(equatorialRadius: Double, flattening: Double) {
        var geodesic = geod_geodesic()
        geod_init(&geodesic, equatorialRadius, flattening)
        self.geodesic = geodesic
    }

    /// The shortest distance in metres along the ellipsoid between two points.
    public func distance(from a: Coordinate, to b: Coordinate) -> Double {
        inverse(from: a, to: b).distance
    }

    /// Distance in metres and the forward azimuth at `a` in degrees from north.
    public func inverse(from a: Coordinate, to b: Coordinate) -> (distance: Double, azimuth: Double) {
        var distance = 0.0
        var azimuth1 = 0.0
        var azimuth2 = 0.0
        withUnsafePointer(to: geodesic) { pointer in
            geod_inverse(pointer, a.latitude, a.longitude, b.latitude, b.longitude,
                         &distance, &azimuth1, &azimuth2)
        }
        return (distance, azimuth1)
    }

    /// The point reached from `start` after `distance` metres at `azimuth` degrees.
    public func destination(from start: Coordinate, azimuth: Double, distance: Double) -> Coordinate {
        var latitude = 0.0
        var longitude = 0.0
        var azimuth2 = 0.0
        withUnsafePointer(to: geodesic) { pointer in
            geod_direct(pointer, start.latitude, start.longitude, azimuth, distance,
                        &latitude, &longitude, &azimuth2)
        }
        return Coordinate(uncheckedLatitude: latitude, longitude: longitude)
    }
}
