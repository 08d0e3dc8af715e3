import Foundation
import GeoCore

/// A uniform grid over every segment of the snappable edges' polylines, in
/// an equirectangular projection around the network's centre. Each segment
/// is listed in exactly the cells it crosses, so a search that has looked at
/// every cell within r cells of the query has seen every segment nearer than
/// r cell widths.
struct SegmentIndex: Sendable {
    private let projection: LocalProjection
    private let cellSize: Double
    private let originX: Double
    private let originY: Double
    private let columns: Int
    private let rows: Int
    /// Segments of cell c: entries[cellStart[c]..<cellStart[c + 1]].
    private let cellStart: [Int32]
    private let entries: [Int32]
    /// Per segment: its edge, and the graph point index where it starts.
    private let segmentEdge: [Int32]
    private let segmentPoint: [Int32]

    init(graph: RoadGraph, snappable: (Int) -> Bool) {
        var segmentEdge = [Int32](), segmentPoint = [Int32]()
        var box: BoundingBox?
        for edge in 0..<graph.edgeCount where snappable(edge) {
            let start = Int(graph.pointStart[edge]), end = Int(graph.pointStart[edge + 1])
            for point in start..<(end - 1) {
                segmentEdge.append(Int32(edge))
                segmentPoint.append(Int32(point))
            }
            for point in start..<end {
                if box == nil { box = BoundingBox(covering: [graph.points[point]]) } else { box!.extend(to: graph.points[point]) }
            }
        }
        let bounds = box ?? BoundingBox(west: 0, south: 0, east: 0, north: 0)
        projection = LocalProjection(centre: bounds.center)
        let (minX, minY) = projection.project(latitude: bounds.south, longitude: bounds.west)
        let (maxX, maxY) = projection.project(latitude: bounds.north, longitude: bounds.east)
        // About one cell per segment, never finer than 20 m.
        let area = max(maxX - minX, 1) * max(maxY - minY, 1)
        cellSize = max((area / Double(max(segmentEdge.count, 1))).squareRoot(), 20)
        originX = minX
        originY = minY
        columns = Int((maxX - minX) / cellSize) + 1
        rows = Int((maxY - minY) / cellSize) + 1

        // Two passes over the segments' cells: count, then fill.
        var counts = [Int32](repeating: 0, count: columns * rows + 1)
        let points = graph.points, projection = projection
        let (cellSize, originX, originY, columns, rows) = (cellSize, originX, originY, columns, rows)
        func forEachCell(of segment: Int, _ body: (Int) -> Void) {
            let a = projection.project(points[Int(segmentPoint[segment])])
            let b = projection.project(points[Int(segmentPoint[segment]) + 1])
            Self.cells(from: (a.x - originX, a.y - originY), to: (b.x - originX, b.y - originY),
                       cellSize: cellSize, columns: columns, rows: rows, body)
        }
        for segment in segmentEdge.indices { forEachCell(of: segment) { counts[$0 + 1] += 1 } }
        for cell in 0..<(columns * rows) { counts[cell + 1] += counts[cell] }
        var next = counts
        var entries = [Int32](repeating: 0, count: Int(counts[columns * rows]))
        for segment in segmentEdge.indices {
            forEachCell(of: segment) { cell in
                entries[Int(next[cell])] = Int32(segment)
                next[cell] += 1
            }
        }
        cellStart = counts
        self.entries = entries
        self.segmentEdge = segmentEdge
        self.segmentPoint = segmentPoint
    }

    /// The cells a segment crosses (grid coordinates relative to the
    /// origin): row by row, the span of columns its part in that row covers,
    /// widened by a hair so a segment along a cell border lands on both sides.
    private static func cells(
        from a: (x: Double, y: Double), to b: (x: Double, y: Double), cellSize: Double, columns: Int, rows: Int,
        _ body: (Int) -> Void
    ) {
        let epsilon = cellSize * 1e-9
        let firstRow = max(Int(floor((min(a.y, b.y) - epsilon) / cellSize)), 0)
        let lastRow = min(Int(floor((max(a.y, b.y) + epsilon) / cellSize)), rows - 1)
        guard firstRow <= lastRow else { return }
        for row in firstRow...lastRow {
            let low = Double(row) * cellSize - epsilon, high = Double(row + 1) * cellSize + epsilon
            var x0 = a.x, x1 = b.x
            if a.y != b.y {
                // Clip the segment to the row's band.
                let t0 = min(max((low - a.y) / (b.y - a.y), 0), 1)
                let t1 = min(max((high - a.y) / (b.y - a.y), 0), 1)
                x0 = a.x + (b.x - a.x) * t0
                x1 = a.x + (b.x - a.x) * t1
            }
            let firstColumn = max(Int(floor((min(x0, x1) - epsilon) / cellSize)), 0)
            let lastColumn = min(Int(floor((max(x0, x1) + epsilon) / cellSize)), columns - 1)
            guard firstColumn <= lastColumn else { continue }
            for column in firstColumn...lastColumn { body(row * columns + column) }
        }
    }

    /// The nearest point on any indexed segment within `maxDistance` metres
    /// (geodesic), or nil.
    func nearest(to location: Coordinate, maxDistance: Double, graph: RoadGraph) -> Snap? {
        guard !segmentEdge.isEmpty else { return nil }
        let (gx, gy) = projection.project(location)
        let column = Int(floor((gx - originX) / cellSize)), row = Int(floor((gy - originY) / cellSize))
        // Distances are measured in a projection centred on the location
        // itself; the grid's projection stretches east-west away from its
        // centre, so ring distances are discounted by the worst stretch near here.
        let local = LocalProjection(centre: location)
        let margin = (maxDistance / 100_000) + 0.1
        let stretch = cos((min(abs(location.latitude) + margin, 89.9)) * .pi / 180)
            / max(cos(projection.centreLatitude * .pi / 180), 1e-9)
        let discount = 0.98 * min(1, stretch)
        // Rings beyond the grid on every side hold nothing.
        let farthest = max(abs(column), abs(column - (columns - 1)), abs(row), abs(row - (rows - 1)))
        var best: (distance: Double, segment: Int32, t: Double)?
        var ring = 0
        while ring <= farthest {
            // Nothing in this ring or beyond is nearer than `reach`.
            let reach = Double(max(ring - 1, 0)) * cellSize * discount
            if reach > maxDistance * 1.01 + 1 { break }
            if let best, best.distance <= reach { break }
            forEachCell(inRing: ring, around: column, row) { cell in
                for index in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
                    let segment = entries[index]
                    let point = Int(segmentPoint[Int(segment)])
                    let (distance, t) = Self.distance(from: local, to: graph.points[point], graph.points[point + 1])
                    if best == nil || (distance, segment) < (best!.distance, best!.segment) {
                        best = (distance, segment, t)
                    }
                }
            }
            ring += 1
        }
        guard let best else { return nil }
        let point = Int(segmentPoint[Int(best.segment)]), edge = Int(segmentEdge[Int(best.segment)])
        let a = graph.points[point], b = graph.points[point + 1]
        let f0 = graph.pointFractions[point], f1 = graph.pointFractions[point + 1]
        // Segment ends exactly, so a location at a node snaps to the node
        // itself (fraction exactly 0 or 1), which endpoint logic relies on.
        let (coordinate, fraction): (Coordinate, Double) = switch best.t {
        case 0: (a, f0)
        case 1: (b, f1)
        default: (Coordinate(uncheckedLatitude: a.latitude + (b.latitude - a.latitude) * best.t,
                             longitude: a.longitude + (b.longitude - a.longitude) * best.t),
                  min(max(f0 + (f1 - f0) * best.t, 0), 1))
        }
        let distance = Geodesic.wgs84.distance(from: location, to: coordinate)
        guard distance <= maxDistance else { return nil }
        return Snap(position: EdgePosition(edge: edge, fraction: fraction),
                    edgeID: graph.edgeIDs[edge], coordinate: coordinate, distance: distance)
    }

    private func forEachCell(inRing ring: Int, around column: Int, _ row: Int, _ body: (Int) -> Void) {
        func visit(_ c: Int, _ r: Int) {
            if c >= 0, c < columns, r >= 0, r < rows { body(r * columns + c) }
        }
        if ring == 0 { visit(column, row); return }
        for c in (column - ring)...(column + ring) {
            visit(c, row - ring)
            visit(c, row + ring)
        }
        for r in (row - ring + 1)...(row + ring - 1) {
            visit(column - ring, r)
            visit(column + ring, r)
        }
    }

    /// Distance from the projection's centre to segment ab, and where along
    /// ab (0...1) the nearest point lies.
    private static func distance(from local: LocalProjection, to a: Coordinate, _ b: Coordinate) -> (Double, Double) {
        let p = local.project(a), q = local.project(b)
        let dx = q.x - p.x, dy = q.y - p.y
        let lengthSquared = dx * dx + dy * dy
        let t = lengthSquared > 0 ? min(max(-(p.x * dx + p.y * dy) / lengthSquared, 0), 1) : 0
        let x = p.x + dx * t, y = p.y + dy * t
        return ((x * x + y * y).squareRoot(), t)
    }
}
