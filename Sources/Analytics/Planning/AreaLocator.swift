import GeoCore
import Store

/// Finds the areas containing a point (even-odd rule over every ring of
/// every part, in the longitude/latitude plane as GIS tools do), through a
/// grid of buckets over the areas' bounding boxes.
public struct AreaLocator: Sendable {
    private struct Part: Sendable {
        var rings: [[(Double, Double)]]
        var box: BoundingBox
    }

    private let parts: [[Part]]
    private let boxes: [BoundingBox?]
    private let extent: BoundingBox?
    private let bucketsPerSide = 128
    private let buckets: [[Int32]]

    public init(_ areas: [Area]) {
        parts = areas.map { area in
            area.geometry.polygons.compactMap { polygon -> Part? in
                guard let box = BoundingBox(covering: polygon.exterior) else { return nil }
                return Part(rings: polygon.rings.map { $0.map { ($0.longitude, $0.latitude) } }, box: box)
            }
        }
        boxes = parts.map { parts in
            parts.reduce(nil as BoundingBox?) { box, part in
                guard var box else { return part.box }
                box.extend(to: Coordinate(uncheckedLatitude: part.box.south, longitude: part.box.west))
                box.extend(to: Coordinate(uncheckedLatitude: part.box.north, longitude: part.box.east))
                return box
            }
        }
        var union: BoundingBox?
        for box in boxes.compactMap({ $0 }) {
            if union == nil { union = box } else {
                union!.extend(to: Coordinate(uncheckedLatitude: box.south, longitude: box.west))
                union!.extend(to: Coordinate(uncheckedLatitude: box.north, longitude: box.east))
            }
        }
        extent = union
        var buckets = [[Int32]](repeating: [], count: bucketsPerSide * bucketsPerSide)
        if let union {
            for (index, box) in boxes.enumerated() {
                guard let box else { continue }
                let (c0, r0) = Self.bucket(box.west, box.south, union, bucketsPerSide)
                let (c1, r1) = Self.bucket(box.east, box.north, union, bucketsPerSide)
                for row in r0...r1 {
                    for column in c0...c1 { buckets[row * bucketsPerSide + column].append(Int32(index)) }
                }
            }
        }
        self.buckets = buckets
    }

    private static func bucket(_ lon: Double, _ lat: Double, _ extent: BoundingBox, _ side: Int) -> (Int, Int) {
        let width = max(extent.east - extent.west, 1e-12), height = max(extent.north - extent.south, 1e-12)
        let column = min(side - 1, max(0, Int((lon - extent.west) / width * Double(side))))
        let row = min(side - 1, max(0, Int((lat - extent.south) / height * Double(side))))
        return (column, row)
    }

    /// Indices (in the order the areas were given) of every area containing the point.
    public func areas(containing latitude: Double, _ longitude: Double) -> [Int] {
        guard let extent, extent.west <= longitude, longitude <= extent.east, extent.south <= latitude, latitude <= extent.north else {
            return []
        }
        let (column, row) = Self.bucket(longitude, latitude, extent, bucketsPerSide)
        var found: [Int] = []
        for candidate in buckets[row * bucketsPerSide + column] {
            let index = Int(candidate)
            if parts[index].contains(where: { $0.box.contains(Coordinate(uncheckedLatitude: latitude, longitude: longitude))
                && Self.inside(longitude, latitude, $0.rings) }) {
                found.append(index)
            }
        }
        return found.sorted()
    }

    /// Even-odd: a point inside an outer ring and inside a hole is outside.
    static func inside(_ x: Double, _ y: Double, _ rings: [[(Double, Double)]]) -> Bool {
        var inside = false
        for ring in rings {
            var j = ring.count - 1
            for i in 0..<ring.count {
                let (xi, yi) = ring[i], (xj, yj) = ring[j]
                if (yi > y) != (yj > y), x < (xj - xi) * (y - yi) / (yj - yi) + xi { inside.toggle() }
                j = i
            }
        }
        return inside
    }
}
