import GeoCore
import Store

/// The local UTM zone the planning figures measure distances in.
struct PlanningProjection {
    let crs: String
    private let transform: CoordinateTransform
    private let inverse: CoordinateTransform

    init(areas: [Area], calls: CallPoints) throws {
        let points = areas.flatMap { $0.geometry.polygons.map(\.exterior) }.flatMap { $0 }
        let centre: Coordinate
        if let box = BoundingBox(covering: points) {
            centre = box.center
        } else if calls.count > 0 {
            centre = Coordinate(uncheckedLatitude: calls.latitudes.sorted()[calls.count / 2], longitude: calls.longitudes.sorted()[calls.count / 2])
        } else {
            centre = Coordinate(uncheckedLatitude: 0, longitude: 0)
        }
        crs = UTMZone(containing: centre).epsg
        transform = try CoordinateTransform(from: "EPSG:4326", to: crs)
        inverse = try CoordinateTransform(from: crs, to: "EPSG:4326")
    }

    /// Back to WGS84 (road searches start from a projected centroid).
    func unproject(x: Double, y: Double) -> Coordinate {
        var xs = [x], ys = [y]
        inverse.apply(xs: &xs, ys: &ys)
        return Coordinate(uncheckedLatitude: ys[0], longitude: xs[0])
    }

    func project(lats: [Double], lons: [Double]) -> ([Double], [Double]) {
        var xs = lons, ys = lats
        transform.apply(xs: &xs, ys: &ys)
        return (xs, ys)
    }

    func project(_ coordinates: [Coordinate]) -> ([Double], [Double]) {
        project(lats: coordinates.map(\.latitude), lons: coordinates.map(\.longitude))
    }

    /// The area-weighted centroid of the area's largest part (its outer ring less holes).
    func centroid(of area: Area) -> (x: Double, y: Double) {
        var best: (area: Double, x: Double, y: Double)?
        for polygon in area.geometry.polygons {
            var total = 0.0, cx = 0.0, cy = 0.0
            for (index, ring) in polygon.rings.enumerated() {
                let (xs, ys) = project(ring)
                var a = 0.0, sx = 0.0, sy = 0.0
                for i in 0..<(xs.count - 1) {
                    let cross = xs[i] * ys[i + 1] - xs[i + 1] * ys[i]
                    a += cross
                    sx += (xs[i] + xs[i + 1]) * cross
                    sy += (ys[i] + ys[i + 1]) * cross
                }
                // Holes subtract whatever their winding.
                let sign: Double = index == 0 ? (a >= 0 ? 1 : -1) : (a >= 0 ? -1 : 1)
                total += sign * a / 2
                cx += sign * sx / 6
                cy += sign * sy / 6
            }
            if total > 0, best == nil || total > best!.area { best = (total, cx / total, cy / total) }
        }
        if let best { return (best.x, best.y) }
        let (xs, ys) = project(area.geometry.polygons.first?.exterior ?? [])
        return (xs.first ?? 0, ys.first ?? 0)
    }
}
