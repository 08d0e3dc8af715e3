import Foundation

/// Cell size and bandwidth when the user gives none.
///
/// Cell size: the longer side of the area divided into 500 cells (200 for the API's GeoJSON grid), rounded
/// to 1, 2, 2.5 or 5 x 10^k metres, at least 10 m: fine enough for a
/// 1600-pixel map, coarse enough to stay fast.
///
/// Bandwidth: the spatial variant of Silverman's rule that ArcGIS Pro uses
/// for kernel density ("How Kernel Density works"):
/// h = 0.9 x min(SD, sqrt(1 / ln 2) x Dm) x n^-0.2, with SD the standard
/// distance of the calls and Dm their median distance from the mean centre,
/// rounded like the cell size and at least two cells.
public enum GridParameters {
    public static func cellSize(width: Double, height: Double, across: Double = 500) -> Double {
        max(10, niceRound(max(width, height) / across))
    }

    public static func bandwidth(xs: [Double], ys: [Double], cellSize: Double) -> Double {
        let n = xs.count
        guard n >= 2 else { return 2 * cellSize }
        let meanX = xs.reduce(0, +) / Double(n)
        let meanY = ys.reduce(0, +) / Double(n)
        var squared = 0.0
        var distances = [Double]()
        distances.reserveCapacity(n)
        for i in 0..<n {
            let dx = xs[i] - meanX, dy = ys[i] - meanY
            squared += dx * dx + dy * dy
            distances.append((dx * dx + dy * dy).squareRoot())
        }
        let standardDistance = (squared / Double(n)).squareRoot()
        distances.sort()
        let median = n % 2 == 1 ? distances[n / 2] : (distances[n / 2 - 1] + distances[n / 2]) / 2
        let spread = min(standardDistance, (1 / log(2)).squareRoot() * median)
        let h = 0.9 * spread * pow(Double(n), -0.2)
        return max(2 * cellSize, niceRound(h))
    }

    /// The next step of 1, 2, 2.5, 5 x 10^k above `value`.
    public static func nextNice(after value: Double) -> Double {
        let magnitude = pow(10, log10(value).rounded(.down))
        let steps: [Double] = [1, 2, 2.5, 5, 10]
        return (steps.first { $0 * magnitude > value * 1.000001 } ?? 10) * magnitude
    }

    /// 1, 2, 2.5 or 5 times a power of ten, the nearest below or at `value`... or above if none.
    public static func niceRound(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let magnitude = pow(10, (log10(value)).rounded(.down))
        let steps: [Double] = [1, 2, 2.5, 5, 10]
        return (steps.last { $0 * magnitude <= value } ?? 1) * magnitude
    }
}
