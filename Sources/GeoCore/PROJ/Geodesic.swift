import CProj

/// Geodesic (ellipsoidal) distances through PROJ's implementation of
/// Karney's algorithms, accurate to nanometres on WGS84.
///
/// The ellipsoid's precomputed series (about 400 bytes) live in one
/// allocation that is never written after `init`, so a `Geodesic` is safe to
/// share between threads and each call passes a pointer instead of copying
/// the series; `wgs84` is the one every figure uses.
public final class Geodesic: Sendable {
    private nonisolated(unsafe) let geodesic: UnsafeMutablePointer<geod_geodesic>

    public static let wgs84 = Geodesic(equatorialRadius: 6_378_137, flattening: 1 / 298.257223563)

    public init(equatorialRadius: Double, flattening: Double) {
        geodesic = .allocate(capacity: 1)
        geodesic.initialize(to: geod_geodesic())
        geod_init(geodesic, equatorialRadius, flattening)
    }

    deinit {
        geodesic.deallocate()
    }

    /// The shortest distance in metres along the ellipsoid between two points.
    public func distance(from a: Coordinate, to b: Coordinate) -> Double {
        var distance = 0.0
        // Null azimuth pointers: PROJ then skips computing them.
        geod_inverse(geodesic, a.latitude, a.longitude, b.latitude, b.longitude, &distance, nil, nil)
        return distance
    }

    /// Distance in metres and the forward azimuth at `a` in degrees from north.
    public func inverse(from a: Coordinate, to b: Coordinate) -> (distance: Double, azimuth: Double) {
        var distance = 0.0
        var azimuth1 = 0.0
        var azimuth2 = 0.0
        geod_inverse(geodesic, a.latitude, a.longitude, b.latitude, b.longitude, &distance, &azimuth1, &azimuth2)
        return (distance, azimuth1)
    }

    /// The point reached from `start` after `distance` metres at `azimuth` degrees.
    public func destination(from start: Coordinate, azimuth: Double, distance: Double) -> Coordinate {
        var latitude = 0.0
        var longitude = 0.0
        var azimuth2 = 0.0
        geod_direct(geodesic, start.latitude, start.longitude, azimuth, distance, &latitude, &longitude, &azimuth2)
        return Coordinate(uncheckedLatitude: latitude, longitude: longitude)
    }
}
