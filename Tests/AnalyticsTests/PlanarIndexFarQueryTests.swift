import Foundation
import Testing
import TestSupport
@testable import Analytics

/// PlanarIndex's ring search gives the brute-force nearest distance, for
/// queries inside the points' grid, beside it and a continent away.
@Suite struct PlanarIndexFarQueryTests {
    @Test func nearestDistanceIsTheBruteForceOne() throws {
        var generator = SplitMix64(seed: 20261204)
        func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + Double(generator.next() >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
        }
        // A county's points in 60 km, and one record 3,000 km off.
        var xs = (0..<400).map { _ in uniform(480_000...540_000) }
        var ys = (0..<400).map { _ in uniform(4_380_000...4_440_000) }
        xs.append(3_500_000)
        ys.append(4_400_000)
        let index = PlanarIndex(xs: xs, ys: ys)
        let queries = (0..<300).map { _ in (uniform(450_000...570_000), uniform(4_350_000...4_470_000)) }
            + [(2_000_000, 4_410_000), (-1_000_000, 100_000), (3_499_000, 4_400_500)]
        for (x, y) in queries {
            let brute = zip(xs, ys).map { (($0 - x) * ($0 - x) + ($1 - y) * ($1 - y)).squareRoot() }.min()!
            let found = try #require(index.nearestDistance(x: x, y: y))
            #expect(abs(found - brute) < 1e-6, "query (\(x), \(y)): \(found) against \(brute)")
        }
    }
}
