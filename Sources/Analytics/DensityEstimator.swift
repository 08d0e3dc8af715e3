import Foundation
import GeoCore
import Store

/// What a density surface is made of and how it is drawn from the calls.
public struct DensityRequest: Sendable {
    public var filter: CallFilter
    public var localTime: LocalTimeFilter?
    /// A metric CRS (`EPSG:NNNN`); nil picks the UTM zone of the calls' centre.
    public var crs: String?
    /// Metres; nil for the automatic rule (`GridParameters`).
    public var cellSize: Double?
    public var bandwidth: Double?
    public var kernel: KernelShape
    /// Cells whose value rests on fewer calls within the kernel's reach are hidden.
    public var minCount: Int
    /// Refuse grids larger than this, rather than run out of memory.
    public var maxCells: Int
    /// Force a convolution method (tests, benchmarks); nil picks the cheaper.
    public var method: Convolution.Method?
    /// Cells across the longer side when the cell size is automatic.
    public var cellsAcross: Double = 500

    public init(
        filter: CallFilter = CallFilter(), localTime: LocalTimeFilter? = nil, crs: String? = nil, cellSize: Double? = nil,
        bandwidth: Double? = nil, kernel: KernelShape = .quartic, minCount: Int = 11, maxCells: Int = 25_000_000
    ) {
        self.filter = filter
        self.localTime = localTime
        self.crs = crs
        self.cellSize = cellSize
        self.bandwidth = bandwidth
        self.kernel = kernel
        self.minCount = minCount
        self.maxCells = maxCells
        self.method = nil
    }
}

public enum DensityError: Error, Equatable, Sendable, CustomStringConvertible {
    case noCalls
    case crs(String)
    case tooManyCells(columns: Int, rows: Int, limit: Int)
    case invalid(String)

    public var description: String {
        switch self {
        case .noCalls: "no calls match the selection (check --since/--until, --category, --hours, --days and --bbox)"
        case .crs(let message): message
        case .tooManyCells(let columns, let rows, let limit):
            "a grid of \(columns) x \(rows) cells is over the limit of \(limit); use a larger --cell-size or a smaller --bbox"
        case .invalid(let message): message
        }
    }
}

/// A density surface: binned counts, the kernel estimate in calls per km²
/// over the period, how many calls lie within the kernel's reach of each
/// cell, and which cells are hidden for privacy.
public struct DensitySurface: Sendable {
    public var grid: GridSpec
    public var kernel: KernelShape
    public var bandwidth: Double
    public var minCount: Int
    public var method: Convolution.Method
    /// Calls selected, and how many of them fell on the grid.
    public var selectedCalls: Int
    public var griddedCalls: Int
    public var counts: [Int32]
    /// Calls per km² in the selected period.
    public var density: [Double]
    /// Calls within the kernel's reach of each cell.
    public var reachCounts: [Int32]
    /// Exact (from the calls) or private (from noisy releases).
    public var privacy: SurfacePrivacy = .exact

    /// A hidden cell: fewer than `minCount` calls within the kernel's reach.
    public func isSuppressed(_ index: Int) -> Bool { reachCounts[index] < Int32(minCount) }

    /// Cells that carry nothing at all: no call within reach, or, in a
    /// private surface, any withheld cell (hidden is absent: never flagged).
    public func isEmpty(_ index: Int) -> Bool {
        privacy.isPrivate ? isSuppressed(index) : reachCounts[index] <= 0
    }

    /// The density drawn and written: noise can push a shown cell's estimate below zero.
    public func shownDensity(_ index: Int) -> Double { max(0, density[index]) }

    /// The highest density among the cells that are shown.
    public var maxShownDensity: Double {
        var best = 0.0
        for index in density.indices where !isSuppressed(index) { best = max(best, shownDensity(index)) }
        return best
    }

    public var suppressedCellCount: Int {
        reachCounts.reduce(0) { $0 + ($1 > 0 && $1 < Int32(minCount) ? 1 : 0) }
    }
}

/// Where a surface's numbers come from.
public enum SurfacePrivacy: Sendable, Hashable {
    /// From the calls themselves: for admins and `--privacy exact`, never for publication.
    case exact
    /// From noisy releases of these nodes, spending at most `epsilon` of one call's privacy in total.
    case released(nodes: [String], epsilon: Double)

    public var isPrivate: Bool { if case .released = self { true } else { false } }
}

public enum DensityEstimator {
    /// Selects the calls from the store and estimates their density.
    public static func estimate(from store: some CallAggregateSource, _ request: DensityRequest) async throws -> DensitySurface {
        var points = try await store.callPoints(matching: request.filter)
        if let localTime = request.localTime, !localTime.isEmpty {
            let keep = localTime.keeps(points.receivedAt)
            points = points.filter { keep[$0] }
        }
        return try estimate(points, request)
    }

    /// The estimate for calls already selected.
    public static func estimate(_ points: CallPoints, _ request: DensityRequest) throws -> DensitySurface {
        guard points.count > 0 || request.filter.box != nil else { throw DensityError.noCalls }
        if let named = request.crs, let problem = ProjectedCRS.problem(named) { throw DensityError.crs("--crs \(problem)") }
        let crs = try request.crs ?? defaultCRS(points, box: request.filter.box)
        let transform: CoordinateTransform
        do { transform = try CoordinateTransform(from: "EPSG:4326", to: crs) } catch {
            throw DensityError.crs("--crs \(crs): \(error.description)")
        }
        var xs = points.longitudes
        var ys = points.latitudes
        transform.apply(xs: &xs, ys: &ys)

        let (minX, minY, maxX, maxY) = try extent(xs: xs, ys: ys, box: request.filter.box, transform: transform)
        // An automatic cell size grows to the next nice step until the grid fits the cell limit.
        var cellSize = request.cellSize ?? GridParameters.cellSize(width: maxX - minX, height: maxY - minY, across: request.cellsAcross)
        var bandwidth = 0.0, pad = 0.0, columns = 0, rows = 0
        while true {
            guard cellSize >= 1, cellSize <= 100_000 else { throw DensityError.invalid("--cell-size must be between 1 m and 100 km") }
            bandwidth = request.bandwidth ?? GridParameters.bandwidth(xs: xs, ys: ys, cellSize: cellSize)
            guard bandwidth >= 1, bandwidth <= 500_000 else { throw DensityError.invalid("--bandwidth must be between 1 m and 500 km") }
            // Without a box, the grid reaches one kernel reach beyond the calls, so no mass falls off its edge.
            pad = request.filter.box == nil ? bandwidth * request.kernel.reachInBandwidths + cellSize : 0
            // Counted in floating point before any Int is made (or anything
            // allocated): a vast extent must not trap the conversion.
            let across = max(1, ((maxX - minX + 2 * pad) / cellSize).rounded(.up))
            let down = max(1, ((maxY - minY + 2 * pad) / cellSize).rounded(.up))
            guard across.isFinite, down.isFinite, across * down < 1e15 else {
                let shown = { (count: Double) in count.isFinite ? Int(min(count, 1e15)) : Int.max }
                throw DensityError.tooManyCells(columns: shown(across), rows: shown(down), limit: request.maxCells)
            }
            columns = Int(across)
            rows = Int(down)
            if columns * rows <= request.maxCells { break }
            guard request.cellSize == nil else {
                throw DensityError.tooManyCells(columns: columns, rows: rows, limit: request.maxCells)
            }
            cellSize = GridParameters.nextNice(after: cellSize)
        }
        guard bandwidth * request.kernel.reachInBandwidths / cellSize <= 500 else {
            throw DensityError.invalid("the kernel would reach over 500 cells; use a smaller --bandwidth or a larger --cell-size")
        }
        let grid = GridSpec(crs: crs, originX: minX - pad, originY: minY - pad, cellSize: cellSize, columns: columns, rows: rows)

        var counts = [Int32](repeating: 0, count: grid.cellCount)
        var gridded = 0
        for index in 0..<xs.count {
            guard let cell = grid.cell(x: xs[index], y: ys[index]) else { continue }
            counts[grid.index(column: cell.column, row: cell.row)] += 1
            gridded += 1
        }
        let stamp = KernelStamp(shape: request.kernel, bandwidth: bandwidth, cellSize: cellSize)
        let occupied = counts.reduce(0) { $0 + ($1 == 0 ? 0 : 1) }
        let method = request.method ?? Convolution.cheaper(occupied: occupied, stampCells: stamp.side * stamp.side,
                                         columns: columns, rows: rows, radius: stamp.radius)
        let density = Convolution.convolve(counts: counts, columns: columns, rows: rows, stamp: stamp.weights,
                                           radius: stamp.radius, method: method)
        let reach = ReachCounter.count(counts, columns: columns, rows: rows, stamp: stamp)
        return DensitySurface(grid: grid, kernel: request.kernel, bandwidth: bandwidth, minCount: request.minCount,
                              method: method, selectedCalls: points.count, griddedCalls: gridded, counts: counts,
                              density: density, reachCounts: reach)
    }

    /// The UTM zone of the calls' (or the box's) centre.
    static func defaultCRS(_ points: CallPoints, box: BoundingBox?) throws -> String {
        let (lat, lon): (Double, Double)
        if let box {
            (lat, lon) = ((box.south + box.north) / 2, (box.west + box.east) / 2)
        } else {
            let sortedLat = points.latitudes.sorted(), sortedLon = points.longitudes.sorted()
            (lat, lon) = (sortedLat[sortedLat.count / 2], sortedLon[sortedLon.count / 2])
        }
        return UTMZone(containing: try Coordinate(latitude: lat, longitude: lon)).epsg
    }

    /// The projected box (its corners and edge midpoints), or the calls' own extent.
    static func extent(
        xs: [Double], ys: [Double], box: BoundingBox?, transform: CoordinateTransform
    ) throws -> (Double, Double, Double, Double) {
        var boxXs: [Double] = [], boxYs: [Double] = []
        if let box {
            for lon in [box.west, (box.west + box.east) / 2, box.east] {
                for lat in [box.south, (box.south + box.north) / 2, box.north] {
                    boxXs.append(lon)
                    boxYs.append(lat)
                }
            }
            transform.apply(xs: &boxXs, ys: &boxYs)
        }
        let useX = box == nil ? xs : boxXs, useY = box == nil ? ys : boxYs
        let finiteX = useX.filter(\.isFinite), finiteY = useY.filter(\.isFinite)
        guard let (minX, maxX) = box == nil ? fenced(finiteX) : finiteX.min().flatMap({ low in finiteX.max().map { (low, $0) } }),
              let (minY, maxY) = box == nil ? fenced(finiteY) : finiteY.min().flatMap({ low in finiteY.max().map { (low, $0) } }) else {
            throw DensityError.noCalls
        }
        return (minX, minY, maxX, maxY)
    }

    /// The range of the values inside far fences (quartiles -/+ 50 interquartile
    /// ranges): one call geocoded to the wrong continent must not shrink a
    /// city's map to a dot. Calls beyond are counted as outside the map.
    static func fenced(_ values: [Double]) -> (Double, Double)? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let q1 = sorted[sorted.count / 4], q3 = sorted[(sorted.count * 3) / 4]
        let reach = 50 * (q3 - q1)
        let kept = reach > 0 ? sorted.filter { $0 >= q1 - reach && $0 <= q3 + reach } : sorted
        return (kept.first ?? sorted[0], kept.last ?? sorted[sorted.count - 1])
    }
}
