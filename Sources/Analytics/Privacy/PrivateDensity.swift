import Foundation
import GeoCore
import Store

/// A density surface computed only from released noisy counts.
public struct PrivateDensityRequest: Sendable {
    public var nodes: [ReleaseNode]
    public var view: ReleaseView
    public var bins: [Int]
    /// Only cells of the release grid meeting this box (snapped outward to whole release cells).
    public var box: BoundingBox?
    /// A whole multiple of the 250 m release cell: nothing resolves finer.
    public var cellSize: Double
    public var bandwidth: Double
    public var kernel: KernelShape
    /// The smallest noisy count within reach that is shown; raised where the noise alone could reach it.
    public var minCount: Int
    /// Refuse grids (padded by the kernel's reach) larger than this; the API keeps answers a browser can take.
    public var maxCells = 25_000_000

    public static let defaultBandwidth = 750.0

    public init(nodes: [ReleaseNode], view: ReleaseView = .cells, bins: [Int] = [0], box: BoundingBox? = nil,
                cellSize: Double = ReleaseGrid.cellSize, bandwidth: Double = PrivateDensityRequest.defaultBandwidth,
                kernel: KernelShape = .quartic, minCount: Int = 11) {
        self.nodes = nodes
        self.view = view
        self.bins = bins
        self.box = box
        self.cellSize = cellSize
        self.bandwidth = bandwidth
        self.kernel = kernel
        self.minCount = minCount
    }
}

public enum PrivateDensity {
    /// How far the noise alone may reach before a cell is shown, in standard deviations of a reach
    /// sum over cells without calls: at least four, more on large grids, so that a whole map is
    /// expected to draw less than one cell from noise alone (sqrt(2 ln 2N) bounds the Gaussian tail
    /// quantile 1 - 1/2N). A map must not draw calls where there are none.
    public static func noiseDeviations(cells: Int) -> Double {
        max(4, (2 * log(2 * Double(max(1, cells)))).squareRoot())
    }

    public static func estimate(_ request: PrivateDensityRequest, grid release: GridSpec, counts: ReleasedCounts) async throws -> DensitySurface {
        let factorValue = request.cellSize / release.cellSize
        let factor = Int(factorValue.rounded())
        guard factor >= 1, abs(factorValue - Double(factor)) < 1e-9 else {
            throw DensityError.invalid("--cell-size must be a whole multiple of the \(Int(release.cellSize)) m release grid (250m, 500m, 1km...): private maps resolve nothing finer")
        }
        guard request.bandwidth >= request.cellSize, request.bandwidth <= 50_000 else {
            throw DensityError.invalid("--bandwidth must be between the cell size and 50 km")
        }
        let (columns, rows) = try region(release, box: request.box)
        var units: [String] = []
        units.reserveCapacity(columns.count * rows.count)
        for row in rows { for column in columns { units.append(ReleaseGrid.unit(column: column, row: row)) } }
        let sums = try await counts.sum(request.view, bins: request.bins, nodes: request.nodes, units: units)

        let stamp = KernelStamp(shape: request.kernel, bandwidth: request.bandwidth, cellSize: request.cellSize)
        guard stamp.radius <= 500 else { throw DensityError.invalid("the kernel would reach over 500 cells; use a smaller --bandwidth or a larger --cell-size") }
        // The release region in display cells, padded by the kernel's reach so no mass falls off the edge.
        let pad = stamp.radius
        let width = (columns.count + factor - 1) / factor + 2 * pad
        let height = (rows.count + factor - 1) / factor + 2 * pad
        guard width * height <= request.maxCells else { throw DensityError.tooManyCells(columns: width, rows: height, limit: request.maxCells) }
        var binned = [Int64](repeating: 0, count: width * height)
        for (r, _) in rows.enumerated() {
            for (c, _) in columns.enumerated() {
                binned[(r / factor + pad) * width + c / factor + pad] += sums[r * columns.count + c]
            }
        }
        let cellCounts = binned.map { Int32(clamping: $0) }
        let method = Convolution.cheaper(occupied: width * height, stampCells: stamp.side * stamp.side, columns: width, rows: height,
                                         radius: stamp.radius)
        let density = Convolution.convolve(counts: cellCounts, columns: width, rows: height, stamp: stamp.weights,
                                           radius: stamp.radius, method: method)
        let reach = ReachCounter.count(cellCounts, columns: width, rows: height, stamp: stamp)
        let grid = GridSpec(crs: release.crs, originX: release.originX + Double(columns.lowerBound - pad * factor) * release.cellSize,
                            originY: release.originY + Double(rows.lowerBound - pad * factor) * release.cellSize,
                            cellSize: request.cellSize, columns: width, rows: height)

        // A reach sums the noise of every release cell it covers: withhold below what that noise alone could reach.
        let reachOffsets = (-stamp.radius...stamp.radius).reduce(0) { total, dy in
            total + (-stamp.radius...stamp.radius).reduce(0) { $0 + (stamp.reaches(dx: $1, dy: dy) ? 1 : 0) }
        }
        let variance = counts.variance(request.view, bins: request.bins.count, nodes: request.nodes) * Double(factor * factor * reachOffsets)
        let threshold = max(request.minCount, Int((noiseDeviations(cells: width * height) * variance.squareRoot()).rounded(.up)))
        // The total from the one-unit totals view (calls inside the areas): summing every cell would
        // add thousands of noises. A filtered or boxed map has no released total and gives none.
        var total = 0
        if request.view == .cells, request.box == nil {
            total = Int(max(0, try await counts.sum(.totals, bins: [0, 1], nodes: request.nodes, units: ["all"])[0]))
        }
        var surface = DensitySurface(
            grid: grid, kernel: request.kernel, bandwidth: request.bandwidth, minCount: threshold, method: method,
            selectedCalls: total, griddedCalls: total, counts: cellCounts, density: density, reachCounts: reach)
        surface.privacy = .released(nodes: request.nodes.map(\.description), epsilon: counts.budget.epsilon)
        return surface
    }

    /// The release cells (columns, rows) meeting the box, or all of them.
    static func region(_ grid: GridSpec, box: BoundingBox?) throws -> (ClosedRange<Int>, ClosedRange<Int>) {
        guard let box else { return (0...(grid.columns - 1), 0...(grid.rows - 1)) }
        var xs: [Double] = [], ys: [Double] = []
        for lon in [box.west, (box.west + box.east) / 2, box.east] {
            for lat in [box.south, (box.south + box.north) / 2, box.north] {
                xs.append(lon)
                ys.append(lat)
            }
        }
        try CoordinateTransform(from: "EPSG:4326", to: grid.crs).apply(xs: &xs, ys: &ys)
        let low = { (value: Double, origin: Double) in Int(((value - origin) / grid.cellSize).rounded(.down)) }
        let c0 = max(0, low(xs.min()!, grid.originX)), c1 = min(grid.columns - 1, low(xs.max()!, grid.originX))
        let r0 = max(0, low(ys.min()!, grid.originY)), r1 = min(grid.rows - 1, low(ys.max()!, grid.originY))
        guard c0 <= c1, r0 <= r1 else { throw DensityError.invalid("--bbox lies outside the release grid (the areas' extent)") }
        return (c0...c1, r0...r1)
    }
}
