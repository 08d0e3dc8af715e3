import Foundation

/// The least travel time of any road point in each cell of a square grid,
/// in the router's projection. Cells are aligned to multiples of the cell
/// size from the projection's centre, so the same network and cell size
/// always give the same grid.
struct ReachGrid {
    let cellSize: Double
    /// Global index (projected coordinate / cell size, floored) of the first column and row.
    let firstColumn: Int
    let firstRow: Int
    let columns: Int
    let rows: Int
    /// Row-major; infinity where no road point was reached.
    private(set) var seconds: [Double]

    /// Rasterises every edge with a point within `limit` seconds.
    /// `padding` cells are added on every side, room for `spread` to grow into.
    init(times: NodeTimes, graph: RoadGraph, projection: LocalProjection, cellSize: Double, limit: Double,
         maxCells: Int, padding: Int = 0) throws(IsochroneError) {
        self.cellSize = cellSize
        var edges = [(edge: Int, times: EdgeTimes)]()
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for edge in 0..<graph.edgeCount {
            let from = Int(graph.edgeFrom[edge]), to = Int(graph.edgeTo[edge])
            guard min(times.seconds[from], times.seconds[to]) <= limit || times.sourcesOnEdge[edge] != nil else { continue }
            let edgeTimes = EdgeTimes(edge: edge, times: times, graph: graph)
            guard edgeTimes.minimum() <= limit else { continue }
            edges.append((edge, edgeTimes))
            for point in graph.geometry(of: edge) {
                let (x, y) = projection.project(point)
                minX = min(minX, x); maxX = max(maxX, x)
                minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        guard !edges.isEmpty else {
            (firstColumn, firstRow, columns, rows, seconds) = (0, 0, 0, 0, [])
            return
        }
        firstColumn = Int(floor(minX / cellSize)) - padding
        firstRow = Int(floor(minY / cellSize)) - padding
        columns = Int(floor(maxX / cellSize)) - firstColumn + 1 + padding
        rows = Int(floor(maxY / cellSize)) - firstRow + 1 + padding
        guard columns.multipliedReportingOverflow(by: rows).partialValue <= maxCells, columns <= maxCells, rows <= maxCells else {
            throw .gridTooLarge(cells: columns * rows, limit: maxCells)
        }
        seconds = Array(repeating: .infinity, count: columns * rows)
        for (edge, edgeTimes) in edges {
            let start = Int(graph.pointStart[edge]), end = Int(graph.pointStart[edge + 1])
            for point in start..<(end - 1) {
                let a = projection.project(graph.points[point]), b = projection.project(graph.points[point + 1])
                let fa = graph.pointFractions[point], fb = graph.pointFractions[point + 1]
                forEachCellPiece(from: a, to: b) { cell, t0, t1 in
                    // Exact at the segment ends: an edge's end node must read as fraction 0 or 1.
                    let low = t0 == 0 ? fa : fa + (fb - fa) * t0, high = t1 == 1 ? fb : fa + (fb - fa) * t1
                    var best = min(edgeTimes.at(low).seconds, edgeTimes.at(high).seconds)
                    // The time dips to zero at a source on the edge, wherever it falls in the piece.
                    for source in edgeTimes.sources where source.fraction > low && source.fraction < high {
                        best = min(best, edgeTimes.at(source.fraction).seconds)
                    }
                    if best < seconds[cell] { seconds[cell] = best }
                }
            }
        }
    }

    /// Every cell within `radius` cells (a disc) of a reached cell takes that
    /// cell's time: the last stretch from the road on foot or up a drive,
    /// so the blocks between reached streets read as reached.
    mutating func spread(radius: Int) {
        guard radius > 0, !seconds.isEmpty else { return }
        var offsets: [(Int, Int)] = []
        for dy in -radius...radius {
            for dx in -radius...radius where dx * dx + dy * dy <= radius * radius { offsets.append((dx, dy)) }
        }
        var spread = seconds
        for row in 0..<rows {
            for column in 0..<columns {
                let own = seconds[row * columns + column]
                guard own.isFinite else { continue }
                for (dx, dy) in offsets {
                    let x = column + dx, y = row + dy
                    guard x >= 0, x < columns, y >= 0, y < rows else { continue }
                    if own < spread[y * columns + x] { spread[y * columns + x] = own }
                }
            }
        }
        seconds = spread
    }

    func seconds(column: Int, row: Int) -> Double {
        seconds[row * columns + column]
    }

    func reachedCount(within limit: Double) -> Int {
        seconds.lazy.filter { $0 <= limit }.count
    }

    /// Splits segment ab (projected metres) at the grid lines it crosses and
    /// reports each piece's cell and parameter range. Pieces of zero length
    /// (a segment ending exactly on a grid line) are skipped, so a road that
    /// stops at a cell border does not reach into the next cell.
    private func forEachCellPiece(
        from a: (x: Double, y: Double), to b: (x: Double, y: Double), _ body: (Int, Double, Double) -> Void
    ) {
        let origin = (x: Double(firstColumn) * cellSize, y: Double(firstRow) * cellSize)
        let ax = a.x - origin.x, ay = a.y - origin.y, bx = b.x - origin.x, by = b.y - origin.y
        func clamp(_ value: Int, _ count: Int) -> Int { min(max(value, 0), count - 1) }
        if ax == bx, ay == by {
            body(clamp(Int(floor(ay / cellSize)), rows) * columns + clamp(Int(floor(ax / cellSize)), columns), 0, 1)
            return
        }
        let firstRow = clamp(Int(floor(min(ay, by) / cellSize)), rows)
        let lastRow = clamp(Int(floor(max(ay, by) / cellSize)), rows)
        for row in firstRow...lastRow {
            var (t0, t1) = (0.0, 1.0)
            if ay != by {
                let u = (Double(row) * cellSize - ay) / (by - ay), v = (Double(row + 1) * cellSize - ay) / (by - ay)
                t0 = max(min(u, v), 0)
                t1 = min(max(u, v), 1)
                guard t1 > t0 else { continue }
            }
            let x0 = ax + (bx - ax) * t0, x1 = ax + (bx - ax) * t1
            let firstColumn = clamp(Int(floor(min(x0, x1) / cellSize)), columns)
            let lastColumn = clamp(Int(floor(max(x0, x1) / cellSize)), columns)
            for column in firstColumn...lastColumn {
                var (s0, s1) = (t0, t1)
                if ax != bx {
                    let u = (Double(column) * cellSize - ax) / (bx - ax), v = (Double(column + 1) * cellSize - ax) / (bx - ax)
                    s0 = max(min(u, v), t0)
                    s1 = min(max(u, v), t1)
                    guard s1 > s0 else { continue }
                }
                body(row * columns + column, s0, s1)
            }
        }
    }
}

public enum IsochroneError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The reached roads span more cells than allowed: use larger cells or a shorter time.
    case gridTooLarge(cells: Int, limit: Int)
    case invalidCellSize(Double)

    public var description: String {
        switch self {
        case .gridTooLarge(let cells, let limit):
            "the drive-time grid would have \(cells) cells, more than the limit of \(limit); use larger cells"
        case .invalidCellSize(let size):
            "cell size \(size) m is not a positive number"
        }
    }
}
