import GeoCore

extension RoadGraph {
    /// The point `fraction` of the edge's length from its `from` node,
    /// interpolated linearly in latitude and longitude within its segment
    /// (as snapping measures it).
    public func coordinate(at position: EdgePosition) -> Coordinate {
        let (point, t) = segment(containing: position)
        let a = points[point], b = points[point + 1]
        return Coordinate(uncheckedLatitude: a.latitude + (b.latitude - a.latitude) * t,
                          longitude: a.longitude + (b.longitude - a.longitude) * t)
    }

    /// The stretch of an edge's polyline between two fractions, in the order
    /// given: reversed when `start > end`. Always at least two points.
    public func polyline(edge: Int, from start: Double, to end: Double) -> [Coordinate] {
        if start > end { return polyline(edge: edge, from: end, to: start).reversed() }
        let first = Int(pointStart[edge]), last = Int(pointStart[edge + 1]) - 1
        var line = [coordinate(at: EdgePosition(edge: edge, fraction: start))]
        for point in first...last where pointFractions[point] > start && pointFractions[point] < end {
            line.append(points[point])
        }
        line.append(coordinate(at: EdgePosition(edge: edge, fraction: end)))
        return line
    }

    /// The segment (by its first point's index) holding a position, and how
    /// far along the segment (0...1) it lies.
    func segment(containing position: EdgePosition) -> (point: Int, t: Double) {
        let first = Int(pointStart[position.edge]), last = Int(pointStart[position.edge + 1]) - 1
        let fraction = min(max(position.fraction, 0), 1)
        // The last segment whose first point's fraction is at most `fraction`.
        var low = first, high = last - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if pointFractions[middle] <= fraction { low = middle } else { high = middle - 1 }
        }
        let f0 = pointFractions[low], f1 = pointFractions[low + 1]
        return (low, f1 > f0 ? min(max((fraction - f0) / (f1 - f0), 0), 1) : 0)
    }
}
