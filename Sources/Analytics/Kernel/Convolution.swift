import Foundation

/// Spreads binned counts over the grid with a kernel stamp: exactly (a sum
/// of count x weight per occupied cell) when the occupied cells are few
/// against the stamp, through FFTW otherwise. Both are tested against a
/// direct sum over every call.
public enum Convolution {
    public enum Method: String, Sendable {
        case direct
        case fft
    }

    /// The cheaper method for this grid: direct costs occupied cells x stamp
    /// cells; the FFT about 3 transforms of the padded grid.
    public static func cheaper(occupied: Int, stampCells: Int, columns: Int, rows: Int, radius: Int) -> Method {
        let padded = Double((columns + radius) * (rows + radius))
        let fftCost = 3 * padded * max(1, log2(padded)) * 2
        return Double(occupied) * Double(stampCells) <= fftCost ? .direct : .fft
    }

    public static func convolve(
        counts: [Int32], columns: Int, rows: Int, stamp: [Double], radius: Int, method: Method? = nil
    ) -> [Double] {
        let occupied = counts.reduce(0) { $0 + ($1 == 0 ? 0 : 1) }
        let side = 2 * radius + 1
        switch method ?? cheaper(occupied: occupied, stampCells: side * side, columns: columns, rows: rows, radius: radius) {
        case .direct:
            return direct(counts: counts, columns: columns, rows: rows, stamp: stamp, radius: radius)
        case .fft:
            return FFTConvolution.convolve(counts.map(Double.init), columns: columns, rows: rows, stamp: stamp, radius: radius)
        }
    }

    static func direct(counts: [Int32], columns: Int, rows: Int, stamp: [Double], radius: Int) -> [Double] {
        var output = [Double](repeating: 0, count: columns * rows)
        let side = 2 * radius + 1
        output.withUnsafeMutableBufferPointer { out in
            stamp.withUnsafeBufferPointer { weights in
                for row in 0..<rows {
                    for column in 0..<columns {
                        let count = counts[row * columns + column]
                        if count == 0 { continue }
                        let c = Double(count)
                        let firstDy = max(-radius, -row), lastDy = min(radius, rows - 1 - row)
                        let firstDx = max(-radius, -column), lastDx = min(radius, columns - 1 - column)
                        guard firstDx <= lastDx else { continue }
                        for dy in firstDy...lastDy {
                            let outBase = (row + dy) * columns + column
                            let stampBase = (dy + radius) * side + radius
                            for dx in firstDx...lastDx {
                                out[outBase + dx] += c * weights[stampBase + dx]
                            }
                        }
                    }
                }
            }
        }
        return output
    }
}
