import GeoCore

extension RoadGraph {
    /// Indices of `coordinates` in the order a Hilbert curve over their
    /// bounding box visits them (ties by index, so the order is deterministic).
    static func hilbertOrder(_ coordinates: [Coordinate]) -> [Int32] {
        guard let box = BoundingBox(covering: coordinates) else { return [] }
        let side = 1 << 16
        let width = max(box.east - box.west, 1e-12), height = max(box.north - box.south, 1e-12)
        let keys = coordinates.map { coordinate -> UInt64 in
            let x = min(Int((coordinate.longitude - box.west) / width * Double(side)), side - 1)
            let y = min(Int((coordinate.latitude - box.south) / height * Double(side)), side - 1)
            return hilbertIndex(x: x, y: y, side: side)
        }
        return (0..<Int32(coordinates.count)).sorted { (keys[Int($0)], $0) < (keys[Int($1)], $1) }
    }

    /// Position of cell (x, y) along the Hilbert curve filling a side × side
    /// grid (side a power of two): the classic rotate-and-flip walk.
    static func hilbertIndex(x: Int, y: Int, side: Int) -> UInt64 {
        var x = x, y = y, index: UInt64 = 0
        var s = side / 2
        while s > 0 {
            let rx = (x & s) > 0 ? 1 : 0, ry = (y & s) > 0 ? 1 : 0
            index += UInt64(s) * UInt64(s) * UInt64((3 * rx) ^ ry)
            if ry == 0 {
                if rx == 1 {
                    x = side - 1 - x
                    y = side - 1 - y
                }
                (x, y) = (y, x)
            }
            s /= 2
        }
        return index
    }
}
