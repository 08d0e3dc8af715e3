import Foundation
import GeoCore
import Testing
import TestSupport
@testable import Analytics
@testable import Store

/// The density surface against sums computed here, call by call, from the
/// kernel's definition.
@Suite struct DensityTests {
    /// Calls in two clusters and a few strays around Denver (seeded).
    static func points(_ count: Int, seed: UInt64 = 7) -> CallPoints {
        var generator = SplitMix64(seed: seed)
        var points = CallPoints()
        for index in 0..<count {
            let cluster = index % 3
            let (lat, lon): (Double, Double) = cluster == 0
                ? (39.74 + Double.random(in: -0.01...0.01, using: &generator), -104.99 + Double.random(in: -0.012...0.012, using: &generator))
                : cluster == 1
                ? (39.70 + Double.random(in: -0.004...0.004, using: &generator), -105.02 + Double.random(in: -0.005...0.005, using: &generator))
                : (39.6 + Double.random(in: 0...0.3, using: &generator), -105.1 + Double.random(in: 0...0.3, using: &generator))
            points.append(latitude: lat, longitude: lon, receivedAt: 1_800_000_000 + Double(index) * 60)
        }
        return points
    }

    /// density(cell) = sum over calls of profile(d² / h²) / (sum of the profile over every offset x cell area).
    static func directSum(_ surface: DensitySurface, _ points: CallPoints) throws -> [Double] {
        let grid = surface.grid
        let transform = try CoordinateTransform(from: "EPSG:4326", to: grid.crs)
        var xs = points.longitudes, ys = points.latitudes
        transform.apply(xs: &xs, ys: &ys)
        let h = surface.bandwidth / grid.cellSize
        let reach = Int((h * surface.kernel.reachInBandwidths).rounded(.up))
        var normaliser = 0.0
        for dy in -reach...reach {
            for dx in -reach...reach { normaliser += surface.kernel.profile(squaredDistance: Double(dx * dx + dy * dy) / (h * h)) }
        }
        let scale = 1 / (normaliser * grid.cellAreaKm2)
        var cells: [(Int, Int)] = []
        for i in xs.indices {
            if let cell = grid.cell(x: xs[i], y: ys[i]) { cells.append((cell.column, cell.row)) }
        }
        var expected = [Double](repeating: 0, count: grid.cellCount)
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                var sum = 0.0
                for (c, r) in cells {
                    let dx = Double(c - column), dy = Double(r - row)
                    sum += surface.kernel.profile(squaredDistance: (dx * dx + dy * dy) / (h * h))
                }
                expected[grid.index(column: column, row: row)] = sum * scale
            }
        }
        return expected
    }

    @Test(arguments: [KernelShape.quartic, .gaussian], [Convolution.Method.direct, .fft])
    func theSurfaceEqualsADirectSumOverEveryCall(kernel: KernelShape, method: Convolution.Method) throws {
        let points = Self.points(300)
        var request = DensityRequest(cellSize: 400, bandwidth: kernel == .quartic ? 1_500 : 600, kernel: kernel)
        request.method = method
        let surface = try DensityEstimator.estimate(points, request)
        #expect(surface.method == method)
        #expect(surface.griddedCalls == 300)
        let expected = try Self.directSum(surface, points)
        let peak = expected.max() ?? 0
        #expect(peak > 0)
        for index in expected.indices {
            let difference = abs(surface.density[index] - expected[index])
            #expect(difference <= 1e-9 * peak, "cell \(index): \(surface.density[index]) vs \(expected[index])")
            if expected[index] > 1e-6 * peak {
                #expect(difference <= 1e-9 * expected[index], "cell \(index) relative")
            }
        }
    }

    @Test(arguments: [KernelShape.quartic, .gaussian])
    func theSurfaceIntegratesToTheNumberOfCalls(kernel: KernelShape) throws {
        let points = Self.points(2_000, seed: 11)
        let surface = try DensityEstimator.estimate(points, DensityRequest(cellSize: 150, bandwidth: 700, kernel: kernel))
        let mass = surface.density.reduce(0, +) * surface.grid.cellAreaKm2
        #expect(abs(mass - 2_000) <= 1e-6 * 2_000, "mass \(mass)")
    }

    @Test func automaticParametersAreNiceAndDocumented() throws {
        let surface = try DensityEstimator.estimate(Self.points(1_000), DensityRequest())
        let niceSteps: Set<Double> = [1, 2, 2.5, 5]
        let mantissa = surface.grid.cellSize / pow(10, log10(surface.grid.cellSize).rounded(.down))
        #expect(niceSteps.contains(mantissa), "cell size \(surface.grid.cellSize)")
        #expect(surface.bandwidth >= 2 * surface.grid.cellSize)
        #expect(max(surface.grid.columns, surface.grid.rows) <= 1_000, "500 cells across the calls plus the kernel's reach")
        #expect(surface.grid.crs == "EPSG:32613", "Denver is in UTM zone 13N")
    }

    @Test func aCallOnTheWrongContinentDoesNotShrinkTheMap() throws {
        var points = Self.points(500)
        let city = try DensityEstimator.estimate(points, DensityRequest())
        points.append(latitude: -33.9, longitude: 151.2, receivedAt: 0)
        let withStray = try DensityEstimator.estimate(points, DensityRequest())
        #expect(withStray.grid.cellSize == city.grid.cellSize)
        #expect(withStray.selectedCalls == 501 && withStray.griddedCalls == 500, "the stray is reported as outside the map")
    }

    @Test func anAutomaticCellSizeGrowsToFitTheCellLimit() throws {
        var request = DensityRequest()
        request.maxCells = 5_000
        let surface = try DensityEstimator.estimate(Self.points(1_000), request)
        #expect(surface.grid.cellCount <= 5_000)
        let unlimited = try DensityEstimator.estimate(Self.points(1_000), DensityRequest())
        #expect(surface.grid.cellSize > unlimited.grid.cellSize)
        var fixed = request
        fixed.cellSize = unlimited.grid.cellSize
        #expect(throws: DensityError.self, "a cell size the user chose is never changed") { try DensityEstimator.estimate(Self.points(1_000), fixed) }
    }

    @Test func hiddenCellsAreThoseWithFewerCallsWithinReach() throws {
        let points = Self.points(600, seed: 3)
        let surface = try DensityEstimator.estimate(points, DensityRequest(cellSize: 300, bandwidth: 900, minCount: 11))
        let grid = surface.grid
        let transform = try CoordinateTransform(from: "EPSG:4326", to: grid.crs)
        var xs = points.longitudes, ys = points.latitudes
        transform.apply(xs: &xs, ys: &ys)
        let cells = xs.indices.compactMap { grid.cell(x: xs[$0], y: ys[$0]) }
        let h = surface.bandwidth / grid.cellSize
        var hidden = 0, shown = 0
        for row in stride(from: 0, to: grid.rows, by: 3) {
            for column in stride(from: 0, to: grid.columns, by: 3) {
                let within = cells.filter { Double(($0.column - column) * ($0.column - column) + ($0.row - row) * ($0.row - row)) < h * h }.count
                let index = grid.index(column: column, row: row)
                #expect(Int(surface.reachCounts[index]) == within, "cell \(column),\(row)")
                #expect(surface.isSuppressed(index) == (within < 11))
                if within > 0, within < 11 { hidden += 1 } else if within >= 11 { shown += 1 }
            }
        }
        #expect(hidden > 0 && shown > 0, "the fixture must exercise both")
    }
}
