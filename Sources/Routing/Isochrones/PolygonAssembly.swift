/// Groups traced rings into polygons: each clockwise ring (a hole) goes to
/// the smallest counter-clockwise ring (an exterior) around it.
enum PolygonAssembly {
    /// Exterior first, then its holes; exteriors and holes in trace order.
    static func polygons(from rings: [CellBoundaryTracer.Ring]) -> [[CellBoundaryTracer.Ring]] {
        let exteriors = rings.indices.filter { rings[$0].area2 > 0 }
        let boxes = exteriors.map { bounds(rings[$0]) }
        var holes = [Int: [CellBoundaryTracer.Ring]]()
        for ring in rings where ring.area2 < 0 {
            // Twice the centre of the unreached cell right of the hole's first
            // edge: strictly inside the hole, never on any ring.
            let (x, y) = probe(ring)
            var best: (area: Int, exterior: Int)?
            for (slot, exterior) in exteriors.enumerated() {
                let box = boxes[slot]
                guard x > 2 * box.minX, x < 2 * box.maxX, y > 2 * box.minY, y < 2 * box.maxY else { continue }
                guard contains(rings[exterior], twiceX: x, twiceY: y) else { continue }
                if best == nil || rings[exterior].area2 < best!.area { best = (rings[exterior].area2, exterior) }
            }
            if let best { holes[best.exterior, default: []].append(ring) }
        }
        return exteriors.map { [rings[$0]] + (holes[$0] ?? []) }
    }

    private static func bounds(_ ring: CellBoundaryTracer.Ring) -> (minX: Int, minY: Int, maxX: Int, maxY: Int) {
        let xs = ring.vertices.map(\.x), ys = ring.vertices.map(\.y)
        return (xs.min()!, ys.min()!, xs.max()!, ys.max()!)
    }

    /// Doubled so the cell centre has integer coordinates.
    private static func probe(_ ring: CellBoundaryTracer.Ring) -> (Int, Int) {
        let a = ring.vertices[0], b = ring.vertices[1]
        let dx = (b.x - a.x).signum(), dy = (b.y - a.y).signum()
        // Right of the direction (dx, dy) is (dy, -dx); step half a cell along and half right.
        return (2 * a.x + dx + dy, 2 * a.y + dy - dx)
    }

    /// Even-odd test with a horizontal ray; the point never lies on an edge.
    private static func contains(_ ring: CellBoundaryTracer.Ring, twiceX x: Int, twiceY y: Int) -> Bool {
        var inside = false
        let vertices = ring.vertices
        var j = vertices.count - 1
        for i in vertices.indices {
            let (a, b) = (vertices[i], vertices[j])
            // Only vertical edges can cross a horizontal ray at an odd doubled y.
            if a.x == b.x, (2 * a.y > y) != (2 * b.y > y), 2 * a.x > x { inside.toggle() }
            j = i
        }
        return inside
    }
}
