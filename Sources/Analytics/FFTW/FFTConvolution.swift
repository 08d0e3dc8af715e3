import CFFTW
import Foundation

/// FFTW's planner keeps process-wide state and must not run on two threads
/// at once (its documentation); executing a plan may.
private let plannerLock = NSLock()

/// Linear 2-D convolution of a grid with a kernel stamp through FFTW's real
/// transforms: cost grows with the padded cell count (n log n), whatever
/// the bandwidth.
enum FFTConvolution {
    static func convolve(_ grid: [Double], columns: Int, rows: Int, stamp: [Double], radius: Int) -> [Double] {
        // Padding by the radius keeps the circular convolution from wrapping
        // one edge's mass onto the other.
        let paddedRows = fastSize(rows + radius)
        let paddedColumns = fastSize(columns + radius)
        let real = paddedRows * paddedColumns
        let complex = paddedRows * (paddedColumns / 2 + 1)
        let input = fftw_alloc_real(real)!
        let kernel = fftw_alloc_real(real)!
        let inputSpectrum = fftw_alloc_complex(complex)!
        let kernelSpectrum = fftw_alloc_complex(complex)!
        defer {
            fftw_free(input)
            fftw_free(kernel)
            fftw_free(inputSpectrum)
            fftw_free(kernelSpectrum)
        }
        plannerLock.lock()
        let forwardInput = fftw_plan_dft_r2c_2d(Int32(paddedRows), Int32(paddedColumns), input, inputSpectrum, UInt32(FFTW_ESTIMATE))
        let forwardKernel = fftw_plan_dft_r2c_2d(Int32(paddedRows), Int32(paddedColumns), kernel, kernelSpectrum, UInt32(FFTW_ESTIMATE))
        let backward = fftw_plan_dft_c2r_2d(Int32(paddedRows), Int32(paddedColumns), inputSpectrum, input, UInt32(FFTW_ESTIMATE))
        plannerLock.unlock()
        defer {
            plannerLock.lock()
            fftw_destroy_plan(forwardInput)
            fftw_destroy_plan(forwardKernel)
            fftw_destroy_plan(backward)
            plannerLock.unlock()
        }
        input.initialize(repeating: 0, count: real)
        kernel.initialize(repeating: 0, count: real)
        for row in 0..<rows {
            for column in 0..<columns { input[row * paddedColumns + column] = grid[row * columns + column] }
        }
        let side = 2 * radius + 1
        for dy in -radius...radius {
            let row = (dy + paddedRows) % paddedRows
            for dx in -radius...radius {
                let column = (dx + paddedColumns) % paddedColumns
                kernel[row * paddedColumns + column] = stamp[(dy + radius) * side + (dx + radius)]
            }
        }
        fftw_execute(forwardInput)
        fftw_execute(forwardKernel)
        let scale = 1 / Double(real)
        for index in 0..<complex {
            let (a, b) = (inputSpectrum[index].0, inputSpectrum[index].1)
            let (c, d) = (kernelSpectrum[index].0, kernelSpectrum[index].1)
            inputSpectrum[index] = ((a * c - b * d) * scale, (a * d + b * c) * scale)
        }
        fftw_execute(backward)
        var output = [Double](repeating: 0, count: rows * columns)
        for row in 0..<rows {
            for column in 0..<columns { output[row * columns + column] = input[row * paddedColumns + column] }
        }
        return output
    }

    /// The next size whose prime factors are 2, 3, 5 and 7: FFTW's fast sizes.
    static func fastSize(_ minimum: Int) -> Int {
        var size = max(1, minimum)
        while true {
            var rest = size
            for factor in [2, 3, 5, 7] { while rest % factor == 0 { rest /= factor } }
            if rest == 1 { return size }
            size += 1
        }
    }
}
