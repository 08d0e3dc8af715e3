import Foundation
import GeoCore

/// An equirectangular projection around one centre, scaled by the WGS84
/// ellipsoid's radii of curvature there.
///
/// Within a few kilometres of the centre it measures distances to better than
/// one part in ten thousand, which is all the routing layer asks of it: segment
/// lengths (whose sum is then scaled to the importer's geodesic edge length),
/// the snap search, and the isochrone raster. It does not handle networks
/// that cross the antimeridian.
struct LocalProjection: Sendable {
    let centreLatitude: Double
    let centreLongitude: Double
    /// Metres per degree of latitude (the meridional radius) and of longitude
    /// (the prime-vertical radius times the cosine of the latitude), at the centre.
    let metresPerDegreeLatitude: Double
    let metresPerDegreeLongitude: Double

    init(centreLatitude: Double, centreLongitude: Double) {
        self.centreLatitude = centreLatitude
        self.centreLongitude = centreLongitude
        let (meridional, primeVertical) = Self.radii(atLatitude: centreLatitude)
        let radiansPerDegree = Double.pi / 180
        metresPerDegreeLatitude = meridional * radiansPerDegree
        // Never quite zero, so a network at a pole still projects invertibly.
        metresPerDegreeLongitude = max(primeVertical * cos(centreLatitude * radiansPerDegree), 1e-3) * radiansPerDegree
    }

    init(centre: Coordinate) {
        self.init(centreLatitude: centre.latitude, centreLongitude: centre.longitude)
    }

    func project(_ coordinate: Coordinate) -> (x: Double, y: Double) {
        project(latitude: coordinate.latitude, longitude: coordinate.longitude)
    }

    func project(latitude: Double, longitude: Double) -> (x: Double, y: Double) {
        ((longitude - centreLongitude) * metresPerDegreeLongitude, (latitude - centreLatitude) * metresPerDegreeLatitude)
    }

    func unproject(x: Double, y: Double) -> Coordinate {
        let latitude = min(max(centreLatitude + y / metresPerDegreeLatitude, -90), 90)
        let longitude = min(max(centreLongitude + x / metresPerDegreeLongitude, -180), 180)
        return Coordinate(uncheckedLatitude: latitude, longitude: longitude)
    }

    /// The flat-earth distance between two nearby points, measured in a
    /// projection centred between them.
    static func distance(_ a: Coordinate, _ b: Coordinate) -> Double {
        let (meridional, primeVertical) = radii(atLatitude: (a.latitude + b.latitude) / 2)
        let radiansPerDegree = Double.pi / 180
        let dy = (b.latitude - a.latitude) * radiansPerDegree * meridional
        let dx = (b.longitude - a.longitude) * radiansPerDegree * primeVertical
            * cos((a.latitude + b.latitude) / 2 * radiansPerDegree)
        return (dx * dx + dy * dy).squareRoot()
    }

    /// WGS84 meridional and prime-vertical radii of curvature, metres.
    private static func radii(atLatitude latitude: Double) -> (meridional: Double, primeVertical: Double) {
        let a = 6_378_137.0
        let f = 1 / 298.257223563
        let e2 = f * (2 - f)
        let s = sin(latitude * .pi / 180)
        let w = 1 - e2 * s * s
        return (a * (1 - e2) / (w * w.squareRoot()), a / w.squareRoot())
    }
}
