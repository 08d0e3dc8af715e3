import Foundation
import Testing
import TestSupport
@testable import Analytics

/// 2SFCA and E2SFCA against a worked example and an independent computation.
@Suite struct AccessibilityTests {
    /// Three neighbourhoods (population 1,000, 2,000 and 500) and two crisis
    /// centres (10 and 5 beds); travel minutes:
    ///
    ///              F1   F2
    ///     A         5   25
    ///     B        15   12
    ///     C        40    8
    ///
    /// 2SFCA, 30-minute catchment: F1 is reached by A and B (3,000 people),
    /// R1 = 10 / 3,000; F2 by A, B and C (3,500), R2 = 5 / 3,500. So
    /// A = B = R1 + R2 = 476.19 and C = R2 = 142.86 beds per 100,000.
    ///
    /// E2SFCA, zones 0-10 / 10-20 / 20-30 min weighted 1 / 0.68 / 0.22:
    /// F1 sees 1,000 x 1 + 2,000 x 0.68 = 2,360, R1 = 10 / 2,360; F2 sees
    /// 1,000 x 0.22 + 2,000 x 0.68 + 500 x 1 = 2,080, R2 = 5 / 2,080. So
    /// A = R1 + 0.22 R2 = 476.61, B = 0.68 (R1 + R2) = 451.60, C = R2 = 240.38.
    static let demand = [1_000.0, 2_000, 500]
    static let supply = [10.0, 5]
    static let minutes = [5.0, 25, 15, 12, 40, 8]

    @Test func theWorkedExample() {
        let cost = Self.minutes.map { $0 * 60 }
        let plain = TwoStepFCA.accessibility(demand: Self.demand, supply: Self.supply, cost: cost, zones: TwoStepFCA.plain(catchment: 1_800))
        let r1 = 10.0 / 3_000, r2 = 5.0 / 3_500
        for (value, expected) in zip(plain, [(r1 + r2) * 1e5, (r1 + r2) * 1e5, r2 * 1e5]) {
            #expect(abs(value - expected) <= 1e-12 * expected, "\(value) vs \(expected)")
        }
        #expect(abs(plain[0] - 476.190476190) < 1e-6 && abs(plain[2] - 142.857142857) < 1e-6)

        let enhanced = TwoStepFCA.accessibility(demand: Self.demand, supply: Self.supply, cost: cost, zones: TwoStepFCA.luoQi)
        let e1 = 10.0 / 2_360, e2 = 5.0 / 2_080
        for (value, expected) in zip(enhanced, [(e1 + 0.22 * e2) * 1e5, 0.68 * (e1 + e2) * 1e5, e2 * 1e5]) {
            #expect(abs(value - expected) <= 1e-12 * expected, "\(value) vs \(expected)")
        }
        #expect(abs(enhanced[1] - 451.597) < 1e-3)
    }

    @Test func aLargerRandomExampleComputedPairByPair() {
        var generator = SplitMix64(seed: 99)
        let n = 60, m = 17
        let demand = (0..<n).map { _ in Double.random(in: 0...5_000, using: &generator).rounded() }
        let supply = (0..<m).map { _ in Double.random(in: 0...40, using: &generator).rounded() }
        let cost = (0..<(n * m)).map { _ in Double.random(in: 0...3_000, using: &generator) }
        let zones = TwoStepFCA.luoQi
        func w(_ c: Double) -> Double { c <= 600 ? 1 : c <= 1_200 ? 0.68 : c <= 1_800 ? 0.22 : 0 }
        // Independently: a dictionary of each site's reach, then each area's sum.
        var reached: [Int: Double] = [:]
        for k in 0..<n { for j in 0..<m { reached[j, default: 0] += demand[k] * w(cost[k * m + j]) } }
        let expected = (0..<n).map { k in
            (0..<m).reduce(0.0) { sum, j in
                let share = (reached[j] ?? 0) > 0 ? supply[j] / reached[j]! : 0
                return sum + share * w(cost[k * m + j])
            } * 100_000
        }
        let computed = TwoStepFCA.accessibility(demand: demand, supply: supply, cost: cost, zones: zones)
        for (a, b) in zip(computed, expected) { #expect(abs(a - b) <= 1e-9 * max(abs(b), 1e-300), "\(a) vs \(b)") }
        #expect(computed.allSatisfy { $0.isFinite })
    }

    @Test func noDemandInReachGivesZeroNotNaN() {
        let access = TwoStepFCA.accessibility(demand: [0, 0], supply: [5], cost: [100, 100], zones: TwoStepFCA.plain(catchment: 1_800))
        #expect(access == [0, 0])
    }
}
