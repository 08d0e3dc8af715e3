/// Earth-centred, Earth-fixed (ECEF) Cartesian coordinates on WGS84, metres.
///
/// The straight-line (chord) distance between two surface points never
/// exceeds their geodesic distance, so chords give exact lower bounds for
/// nearest-neighbour search, and a 3-D tree over them has no trouble with
/// poles or the antimeridian.
public struct Geocentric: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The standard geodetic-to-geocentric conversion at height 0 (closed
    /// form, so no PROJ call per point in the hot path).
    public init(_ coordinate: Coordinate) {
        let a = 6_378_137.0
        let f = 1 / 298.257223563
        let e2 = f * (2 - f)
        let lat = coordinate.latitude * .pi / 180
        let lon = coordinate.longitude * .pi / 180
        let sinLat = sin(lat)
        let n = a / (1 - e2 * sinLat * sinLat).squareRoot()
        x = n * cos(lat) * cos(lon)
        y = n * cos(lat) * sin(lon)
        z = n * (1 - e2) * sinLat
    }

    public subscript(axis: Int) -> Double {
        switch axis {
        case 0: x
        case 1: y
        default: z
        }
    }

    public func chordDistanceSquared(to other: Geocentric) -> Double {
        let dx = x - other.x
        let dy = y - other.y
        let dz = z - other.z
        return dx * dx + dy * dy + dz * dz
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
