/// Nearest of a set of points in a metric plane (UTM), through buckets:
/// the planning figures ask it a million times. Points or queries that did
/// not project (infinite, or absurdly far away) are left out, never trapped on.
public struct PlanarIndex: Sendable {
    private let xs: [Double]
    private let ys: [Double]
    private let cell: Double
    private let originX: Double, originY: Double
    private let columns: Int, rows: Int
    private let buckets: [[Int32]]
    /// Beyond this many metres from the origin a coordinate is not on Earth's surface in any projection used here.
    private static let limit = 1e9

    public init(xs: [Double], ys: [Double], cell: Double = 5_000) {
        let usable = xs.indices.filter { Self.usable(xs[$0]) && Self.usable(ys[$0]) }
        self.xs = xs
        self.ys = ys
        self.cell = cell
        originX = usable.map { xs[$0] }.min() ?? 0
        originY = usable.map { ys[$0] }.min() ?? 0
        columns = max(1, Int(((usable.map { xs[$0] }.max() ?? 0) - originX) / cell) + 1)
        rows = max(1, Int(((usable.map { ys[$0] }.max() ?? 0) - originY) / cell) + 1)
        var buckets = [[Int32]](repeating: [], count: columns * rows)
        for index in usable {
            let column = Int((xs[index] - originX) / cell), row = Int((ys[index] - originY) / cell)
            buckets[row * columns + column].append(Int32(index))
        }
        self.buckets = buckets
        isEmpty = usable.isEmpty
    }

    public let isEmpty: Bool

    private static func usable(_ value: Double) -> Bool { value.isFinite && abs(value) < limit }

    /// Distance to the nearest point (metres), or nil when there is none or the query did not project.
    public func nearestDistance(x: Double, y: Double) -> Double? {
        guard !isEmpty, Self.usable(x), Self.usable(y) else { return nil }
        let column = Int(((x - originX) / cell).rounded(.down)), row = Int(((y - originY) / cell).rounded(.down))
        var best = Double.infinity
        // Rings of buckets around the query's, from the first that touches the grid.
        var ring = max(0, -column, column - (columns - 1), -row, row - (rows - 1))
        let lastRing = ring + columns + rows
        while ring <= lastRing {
            // Points outside ring r are at least (r - 1) cells from the query point.
            if best <= (Double(ring) - 1) * cell { break }
            // Only the ring's own cells, its four sides clipped to the grid:
            // walking the whole square and skipping its inside made a query
            // far from every point (a record across the world) cubic in rings.
            func visit(_ r: Int, _ c: Int) {
                for index in buckets[r * columns + c] {
                    let dx = xs[Int(index)] - x, dy = ys[Int(index)] - y
                    best = min(best, (dx * dx + dy * dy).squareRoot())
                }
            }
            let top = row - ring, bottom = row + ring, left = column - ring, right = column + ring
            let c0 = max(0, left), c1 = min(columns - 1, right)
            if c0 <= c1 {
                if (0..<rows).contains(top) { for c in c0...c1 { visit(top, c) } }
                if ring > 0, (0..<rows).contains(bottom) { for c in c0...c1 { visit(bottom, c) } }
            }
            let r0 = max(0, top + 1), r1 = min(rows - 1, bottom - 1)
            if r0 <= r1 {
                if (0..<columns).contains(left) { for r in r0...r1 { visit(r, left) } }
                if ring > 0, (0..<columns).contains(right) { for r in r0...r1 { visit(r, right) } }
            }
            ring += 1
        }
        return best.isFinite ? best : nil
    }

    /// Indices of the points within `radius` of (x, y).
    public func within(_ radius: Double, x: Double, y: Double) -> [Int32] {
        guard !isEmpty, Self.usable(x), Self.usable(y), radius.isFinite, radius < Self.limit else { return [] }
        let c0 = max(0, Int(((x - radius - originX) / cell).rounded(.down))), c1 = min(columns - 1, Int(((x + radius - originX) / cell).rounded(.down)))
        let r0 = max(0, Int(((y - radius - originY) / cell).rounded(.down))), r1 = min(rows - 1, Int(((y + radius - originY) / cell).rounded(.down)))
        guard c0 <= c1, r0 <= r1 else { return [] }
        var found: [Int32] = []
        let r2 = radius * radius
        for r in r0...r1 {
            for c in c0...c1 {
                for index in buckets[r * columns + c] {
                    let dx = xs[Int(index)] - x, dy = ys[Int(index)] - y
                    if dx * dx + dy * dy <= r2 { found.append(index) }
                }
            }
        }
        return found
    }
}
