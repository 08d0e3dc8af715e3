/// Ring validity in the plane of longitude and latitude, which is how
/// SpatiaLite and every GIS test a polygon for containment.
extension Array where Element == Coordinate {
    /// The first pair of edges (by index) that cross or touch although they
    /// are not neighbours, or nil for a simple ring. A bow tie, a figure
    /// eight or a ring that doubles back on itself all have one; point-in-
    /// polygon tests on such rings answer differently in different tools.
    ///
    /// Edges are swept in order of their west end, so the cost is near
    /// n log n for real boundaries rather than n squared.
    public func firstSelfIntersection() -> (Int, Int)? {
        let edgeCount = count - 1
        guard edgeCount >= 3 else { return nil }
        let order = (0..<edgeCount).sorted { west($0) < west($1) }
        var found: (Int, Int)?
        for (position, i) in order.enumerated() {
            let east = Swift.max(self[i].longitude, self[i + 1].longitude)
            for j in order[(position + 1)...] {
                if west(j) > east { break }
                let (a, b) = (Swift.min(i, j), Swift.max(i, j))
                if b == a + 1 || (a == 0 && b == edgeCount - 1) { continue }
                if edgesMeet(a, b), found.map({ (a, b) < $0 }) ?? true { found = (a, b) }
            }
        }
        return found
    }

    private func west(_ edge: Int) -> Double {
        Swift.min(self[edge].longitude, self[edge + 1].longitude)
    }

    private func edgesMeet(_ a: Int, _ b: Int) -> Bool {
        let (p1, p2, q1, q2) = (self[a], self[a + 1], self[b], self[b + 1])
        let d1 = Self.orientation(q1, q2, p1), d2 = Self.orientation(q1, q2, p2)
        let d3 = Self.orientation(p1, p2, q1), d4 = Self.orientation(p1, p2, q2)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
        return (d1 == 0 && Self.within(p1, q1, q2)) || (d2 == 0 && Self.within(p2, q1, q2))
            || (d3 == 0 && Self.within(q1, p1, p2)) || (d4 == 0 && Self.within(q2, p1, p2))
    }

    private static func orientation(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate) -> Double {
        (b.longitude - a.longitude) * (c.latitude - a.latitude) - (b.latitude - a.latitude) * (c.longitude - a.longitude)
    }

    /// Whether `p`, collinear with the segment, lies on it.
    private static func within(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Bool {
        p.longitude >= Swift.min(a.longitude, b.longitude) && p.longitude <= Swift.max(a.longitude, b.longitude)
            && p.latitude >= Swift.min(a.latitude, b.latitude) && p.latitude <= Swift.max(a.latitude, b.latitude)
    }
}
