import Foundation
import Testing
import TestSupport
@testable import Analytics

/// The lazy greedy against a plain greedy and against exhaustive search.
@Suite struct SiteSelectionTests {
    struct Instance {
        var weights: [Double]
        var covered: [Bool]
        var reach: [[Int32]]
    }

    static func instance(seed: UInt64, points: Int = 30, candidates: Int = 9) -> Instance {
        var generator = SplitMix64(seed: seed)
        let weights = (0..<points).map { _ in Double(Int.random(in: 1...20, using: &generator)) }
        let covered = (0..<points).map { _ in Double.random(in: 0...1, using: &generator) < 0.2 }
        let reach = (0..<candidates).map { _ in
            (0..<points).filter { _ in Double.random(in: 0...1, using: &generator) < 0.25 }.map(Int32.init)
        }
        return Instance(weights: weights, covered: covered, reach: reach)
    }

    static func coverage(_ instance: Instance, _ sites: [Int]) -> Double {
        var covered = instance.covered
        for site in sites { for point in instance.reach[site] { covered[Int(point)] = true } }
        return zip(instance.weights, covered).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
    }

    static func subsets(_ n: Int, _ k: Int) -> [[Int]] {
        guard k > 0 else { return [[]] }
        guard n >= k else { return [] }
        return subsets(n - 1, k - 1).map { $0 + [n - 1] } + subsets(n - 1, k)
    }

    @Test(arguments: 1...25)
    func greedyIsExactlyTheGreedyAndNearTheOptimum(seed: Int) {
        let instance = Self.instance(seed: UInt64(seed))
        let k = 3
        let result = SiteSelection.greedy(k: k, weights: instance.weights, covered: instance.covered, reach: instance.reach)
        // Coverage counts are exact.
        #expect(result.coveredAfter == Self.coverage(instance, result.choices.map(\.candidate)))
        #expect(result.coveredBefore == Self.coverage(instance, []))
        #expect(result.coveredBefore + result.choices.map(\.gain).reduce(0, +) == result.coveredAfter)
        // The same coverage as a plain greedy that recounts every gain each round.
        var plain: [Int] = []
        for _ in 0..<k {
            let best = instance.reach.indices.filter { !plain.contains($0) }
                .max { Self.coverage(instance, plain + [$0]) < Self.coverage(instance, plain + [$1]) }!
            if Self.coverage(instance, plain + [best]) == Self.coverage(instance, plain) { break }
            plain.append(best)
        }
        #expect(result.coveredAfter == Self.coverage(instance, plain))
        // Within 1 - 1/e of the best of every 3 of the 9 candidates.
        let optimum = Self.subsets(instance.reach.count, k).map { Self.coverage(instance, $0) }.max()!
        let before = result.coveredBefore
        #expect(result.coveredAfter - before >= (1 - 1 / M_E) * (optimum - before) - 1e-9)
        #expect(result.coveredAfter <= optimum)
    }

    @Test func aCaseWhereGreedyFindsTheOptimum() {
        // Candidate 0 covers points 0-3 (weight 4), 1 covers 4-5, 2 covers 3-4: the best pair is {0, 1}, all six.
        let instance = Instance(weights: Array(repeating: 1, count: 6), covered: Array(repeating: false, count: 6),
                                reach: [[0, 1, 2, 3], [4, 5], [3, 4]])
        let result = SiteSelection.greedy(k: 2, weights: instance.weights, covered: instance.covered, reach: instance.reach)
        #expect(result.choices.map(\.candidate) == [0, 1] && result.coveredAfter == 6)
        let more = SiteSelection.greedy(k: 3, weights: instance.weights, covered: instance.covered, reach: instance.reach)
        #expect(more.choices.count == 2, "a third site would cover nothing new, so none is suggested")
    }
}
