import Foundation

/// The kernel of a density estimate. Both are radially symmetric and cut
/// off at their reach; the weights a call spreads over the grid are scaled
/// to sum to exactly 1 / cell area, so the surface integrates to the number
/// of calls on the grid itself (DESIGN.md: a well-known desktop GIS shipped
/// a quartic kernel that did not).
public enum KernelShape: String, CaseIterable, Sendable {
    /// (1 - d²/h²)² within the bandwidth h: QGIS's default, compact.
    case quartic
    /// exp(-d²/2h²), cut at 3h (99% of the continuous kernel's mass).
    case gaussian

    /// How far one call reaches, in bandwidths.
    public var reachInBandwidths: Double {
        switch self {
        case .quartic: 1
        case .gaussian: 3
        }
    }

    /// The unscaled profile at squared distance `d2` (in bandwidths squared); 0 beyond the reach.
    public func profile(squaredDistance d2: Double) -> Double {
        let reach = reachInBandwidths
        guard d2 < reach * reach else { return 0 }
        switch self {
        case .quartic:
            let t = 1 - d2
            return t * t
        case .gaussian:
            return exp(-d2 / 2)
        }
    }
}

/// A kernel laid on the grid: weights for every cell offset within reach,
/// already scaled so a call's weights sum to 1 / cell area (calls per km²).
public struct KernelStamp: Sendable {
    public let shape: KernelShape
    /// Bandwidth in cells.
    public let bandwidthCells: Double
    /// Largest offset (in cells) with a non-zero weight.
    public let radius: Int
    /// (2 radius + 1)² weights, row-major, centre at (radius, radius).
    public let weights: [Double]

    public init(shape: KernelShape, bandwidth: Double, cellSize: Double) {
        self.shape = shape
        bandwidthCells = bandwidth / cellSize
        let reach = bandwidthCells * shape.reachInBandwidths
        radius = max(0, Int(reach.rounded(.up)))
        let side = 2 * radius + 1
        var raw = [Double](repeating: 0, count: side * side)
        var total = 0.0
        for dy in -radius...radius {
            for dx in -radius...radius {
                let d2 = Double(dx * dx + dy * dy) / (bandwidthCells * bandwidthCells)
                let value = shape.profile(squaredDistance: d2)
                raw[(dy + radius) * side + (dx + radius)] = value
                total += value
            }
        }
        // A bandwidth under one cell leaves only the centre: all of a call's weight stays in its cell.
        if total == 0 {
            raw[radius * side + radius] = 1
            total = 1
        }
        let cellAreaKm2 = cellSize * cellSize / 1_000_000
        let scale = 1 / (total * cellAreaKm2)
        weights = raw.map { $0 * scale }
    }

    public var side: Int { 2 * radius + 1 }

    public func weight(dx: Int, dy: Int) -> Double {
        guard abs(dx) <= radius, abs(dy) <= radius else { return 0 }
        return weights[(dy + radius) * side + (dx + radius)]
    }

    /// Whether an offset lies within the kernel's reach (its support).
    public func reaches(dx: Int, dy: Int) -> Bool {
        let reach = bandwidthCells * shape.reachInBandwidths
        return Double(dx * dx + dy * dy) < reach * reach || (dx == 0 && dy == 0)
    }
}
