import Crypto
import Foundation
import Testing
@testable import Analytics

/// The noise sampler against its distribution, and the keyed streams that
/// feed it against their definition and against each other.
@Suite struct DiscreteLaplaceTests {
    static let secret = [UInt8](repeating: 0x5a, count: 32)
    static let draws = 1_000_000

    // MARK: Distribution

    /// Counts of draws by value.
    struct Histogram {
        var counts: [Int64: Int] = [:]
        var total = 0

        mutating func add(_ value: Int64) {
            counts[value, default: 0] += 1
            total += 1
        }

        var mean: Double {
            counts.reduce(0.0) { $0 + Double($1.key) * Double($1.value) } / Double(total)
        }

        var variance: Double {
            let mean = self.mean
            return counts.reduce(0.0) { $0 + (Double($1.key) - mean) * (Double($1.key) - mean) * Double($1.value) } / Double(total - 1)
        }
    }

    /// Pearson's statistic over the bins |k| ≤ K, K the largest with an
    /// expected count and an expected tail beyond it both ≥ 5, plus the two
    /// tails pooled; and its degrees of freedom.
    static func chiSquare(_ histogram: Histogram, epsilon: Double) -> (statistic: Double, degreesOfFreedom: Int) {
        let n = Double(histogram.total), q = exp(-epsilon)
        // P(X > k) = P(0)·q^(k+1)/(1-q) = q^(k+1)/(1+q).
        func tail(_ k: Int64) -> Double { pow(q, Double(k + 1)) / (1 + q) }
        var maximum: Int64 = 0
        while n * DiscreteLaplace.probability(maximum + 1, epsilon: epsilon) >= 5 && n * tail(maximum + 1) >= 5 { maximum += 1 }
        var statistic = 0.0
        func add(observed: Int, expected: Double) {
            statistic += (Double(observed) - expected) * (Double(observed) - expected) / expected
        }
        for k in -maximum...maximum {
            add(observed: histogram.counts[k] ?? 0, expected: n * DiscreteLaplace.probability(k, epsilon: epsilon))
        }
        let above = histogram.counts.filter { $0.key > maximum }.reduce(0) { $0 + $1.value }
        let below = histogram.counts.filter { $0.key < -maximum }.reduce(0) { $0 + $1.value }
        add(observed: above, expected: n * tail(maximum))
        add(observed: below, expected: n * tail(maximum))
        return (statistic, Int(2 * maximum + 1 + 2) - 1)
    }

    /// The 0.999 quantile of χ² with `df` degrees of freedom, by Wilson and
    /// Hilferty's cube-root normal approximation (good to well under 1% from
    /// a few degrees of freedom up).
    static func criticalValue(degreesOfFreedom df: Int) -> Double {
        let z = 3.090_232_306 // standard normal 0.999 quantile
        let k = Double(df), c = 2 / (9 * k)
        return k * pow(1 - c + z * c.squareRoot(), 3)
    }

    static func checkDistribution(_ histogram: Histogram, epsilon: Double) {
        let (statistic, df) = chiSquare(histogram, epsilon: epsilon)
        let critical = criticalValue(degreesOfFreedom: df)
        #expect(df >= 10)
        #expect(statistic < critical, "χ² = \(statistic) with \(df) degrees of freedom, 0.999 critical value \(critical)")

        let variance = DiscreteLaplace.variance(epsilon: epsilon)
        // Six standard errors of the mean: a failure is a bias, not luck.
        #expect(abs(histogram.mean) < 6 * (variance / Double(histogram.total)).squareRoot(), "mean \(histogram.mean)")
        #expect(abs(histogram.variance / variance - 1) < 0.02, "variance \(histogram.variance), expected \(variance)")
    }

    @Test func systemGeneratorFitsTheDistributionAtEpsilonOne() {
        var source = SystemRandomWords()
        var histogram = Histogram()
        let rate = PrivacyRate(numerator: 1, denominator: 1)
        for _ in 0..<Self.draws { histogram.add(DiscreteLaplace.sample(rate, using: &source)) }
        Self.checkDistribution(histogram, epsilon: 1)
    }

    /// The noise as releases draw it: one keyed stream per cell, a million
    /// cells, so what is tested is the distribution across streams.
    @Test func keyedNoiseAcrossCellsFitsTheDistributionAtEpsilonOneHalf() {
        let key = NoiseKey(secret: Self.secret)
        let rate = PrivacyRate(epsilon: 0.5)
        var histogram = Histogram()
        for i in 0..<Self.draws {
            histogram.add(key.noise(node: "2026-03", view: "cells", unit: "c:\(i)", bin: 0, rate: rate))
        }
        Self.checkDistribution(histogram, epsilon: 0.5)
    }

    /// ε > 1, where s > t and most draws are 0, so the rejection of -0 runs
    /// often; from one long keyed stream rather than one per cell.
    @Test func longKeyedStreamFitsTheDistributionAtEpsilonTwo() {
        var source = KeyedRandomWords(secret: Self.secret, message: "epsilon two")
        var histogram = Histogram()
        let rate = PrivacyRate(numerator: 2_000, denominator: 1_000)
        for _ in 0..<Self.draws { histogram.add(DiscreteLaplace.sample(rate, using: &source)) }
        Self.checkDistribution(histogram, epsilon: 2)
    }

    @Test func probabilitiesSumToOneAndVarianceMatchesThem() {
        for epsilon in [0.1, 0.5, 1, 2] {
            let range: ClosedRange<Int64> = -2_000...2_000
            let total = range.reduce(0.0) { $0 + DiscreteLaplace.probability($1, epsilon: epsilon) }
            let second = range.reduce(0.0) { $0 + Double($1) * Double($1) * DiscreteLaplace.probability($1, epsilon: epsilon) }
            #expect(abs(total - 1) < 1e-12)
            #expect(abs(second / DiscreteLaplace.variance(epsilon: epsilon) - 1) < 1e-9)
        }
    }

    @Test func exactBernoulliTrials() {
        var source = SystemRandomWords()
        let trials = 100_000
        // exp(-3/2) takes the exp(-1) step once and then the series for 1/2.
        for (n, d) in [(UInt64(3), UInt64(2)), (1, 1), (1, 4), (7, 3)] {
            let hits = (0..<trials).reduce(0) { count, _ in
                count + (DiscreteLaplace.bernoulliExp(numerator: n, denominator: d, using: &source) ? 1 : 0)
            }
            let p = exp(-Double(n) / Double(d))
            #expect(abs(Double(hits) / Double(trials) - p) < 5 * (p * (1 - p) / Double(trials)).squareRoot(), "exp(-\(n)/\(d))")
        }
        #expect(DiscreteLaplace.bernoulliExp(numerator: 0, denominator: 5, using: &source))

        var counts = [0, 0, 0]
        for _ in 0..<30_000 { counts[Int(DiscreteLaplace.uniform(below: 3, using: &source))] += 1 }
        for count in counts { #expect(abs(count - 10_000) < 500) }
    }

    @Test func rateFromEpsilon() {
        #expect(PrivacyRate(epsilon: 0.35) == PrivacyRate(numerator: 350, denominator: 1_000))
        #expect(PrivacyRate(epsilon: 1e-6) == PrivacyRate(numerator: 1, denominator: 1_000))
        #expect(PrivacyRate(epsilon: 0.35).epsilon == 0.35)
    }

    @Test func rateDecodingRejectsZero() throws {
        let good = try JSONDecoder().decode(PrivacyRate.self, from: Data(#"{"numerator":3,"denominator":4}"#.utf8))
        #expect(good == PrivacyRate(numerator: 3, denominator: 4))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PrivacyRate.self, from: Data(#"{"numerator":0,"denominator":4}"#.utf8))
        }
    }

    // MARK: Keyed streams

    /// Block k = HMAC-SHA256(secret, message ‖ 0x00 ‖ k big-endian), four
    /// big-endian words each, checked against swift-crypto's one-shot HMAC.
    @Test func keyedWordsFollowTheirDefinition() {
        let message = "crisismap-release-v1|2026-03|cells|12:34|0"
        var words = KeyedRandomWords(secret: Self.secret, message: message)
        var expected: [UInt64] = []
        for block in UInt64(0)..<3 {
            var input = Array(message.utf8) + [0]
            withUnsafeBytes(of: block.bigEndian) { input.append(contentsOf: $0) }
            let mac = Array(HMAC<SHA256>.authenticationCode(for: input, using: SymmetricKey(data: Self.secret)))
            for word in 0..<4 {
                expected.append(mac[(8 * word)..<(8 * word + 8)].reduce(0) { $0 << 8 | UInt64($1) })
            }
        }
        #expect((0..<12).map { _ in words.nextWord() } == expected)
        #expect(NoiseKey.message(node: "2026-03", view: "cells", unit: "12:34", bin: 0) == message)
    }

    @Test func sameInputsGiveTheSameNoise() {
        let rate = PrivacyRate(epsilon: 0.5)
        let first = NoiseKey(secret: Self.secret), second = NoiseKey(secret: Self.secret)
        for i in 0..<100 {
            #expect(first.noise(node: "2026-03", view: "cells", unit: "c:\(i)", bin: 2, rate: rate)
                    == second.noise(node: "2026-03", view: "cells", unit: "c:\(i)", bin: 2, rate: rate))
        }
        var a = first.stream(node: "2026-03", view: "cells", unit: "12:34", bin: 0)
        var b = KeyedRandomWords(secret: Self.secret, message: "crisismap-release-v1|2026-03|cells|12:34|0")
        #expect((0..<20).map { _ in a.nextWord() } == (0..<20).map { _ in b.nextWord() })
    }

    @Test func anotherSecretGivesAnotherSequence() {
        let rate = PrivacyRate(epsilon: 0.5)
        let mine = NoiseKey(secret: Self.secret)
        let other = NoiseKey(secret: Self.secret.map { $0 ^ 1 })
        let a = (0..<1_000).map { mine.noise(node: "2026-03", view: "cells", unit: "c:\($0)", bin: 0, rate: rate) }
        let b = (0..<1_000).map { other.noise(node: "2026-03", view: "cells", unit: "c:\($0)", bin: 0, rate: rate) }
        // Independent draws agree with probability Σ P(k)² ≈ 0.12 at ε = 1/2.
        let agreeing = zip(a, b).filter { $0 == $1 }.count
        #expect(a != b)
        #expect(agreeing < 200, "\(agreeing) of 1000 equal")
    }

    @Test func everyFieldChangesTheStream() {
        let key = NoiseKey(secret: Self.secret)
        func words(_ node: String, _ view: String, _ unit: String, _ bin: Int) -> [UInt64] {
            var stream = key.stream(node: node, view: view, unit: unit, bin: bin)
            return (0..<4).map { _ in stream.nextWord() }
        }
        let base = words("2026-03", "cells", "12:34", 0)
        #expect(words("2026-04", "cells", "12:34", 0) != base)
        #expect(words("2026-03", "areas", "12:34", 0) != base)
        #expect(words("2026-03", "cells", "12:35", 0) != base)
        #expect(words("2026-03", "cells", "12:34", 1) != base)
        // A separator moved between fields is a different count.
        #expect(words("a|b", "c", "u", 0) != words("a", "b|c", "u", 0))
        #expect(words("a\\", "b", "u", 0) != words("a", "\\b", "u", 0))
        #expect(NoiseKey.message(node: "a|b", view: "c\\", unit: "u", bin: -1) == #"crisismap-release-v1|a\|b|c\\|u|-1"#)
    }

    @Test func adjacentCellsAreUncorrelated() {
        let key = NoiseKey(secret: Self.secret)
        let rate = PrivacyRate(epsilon: 1)
        let noise = (0..<100_000).map { Double(key.noise(node: "2026-03", view: "cells", unit: "c:\($0)", bin: 0, rate: rate)) }
        let mean = noise.reduce(0, +) / Double(noise.count)
        var product = 0.0, square = 0.0
        for i in noise.indices {
            square += (noise[i] - mean) * (noise[i] - mean)
            if i > 0 { product += (noise[i] - mean) * (noise[i - 1] - mean) }
        }
        let correlation = product / square
        #expect(abs(correlation) < 0.02, "lag-1 correlation \(correlation)")
    }

    @Test func noTwoCellsShareAStream() {
        let key = NoiseKey(secret: Self.secret)
        var firstWords = Set<UInt64>()
        for i in 0..<100_000 {
            var stream = key.stream(node: "2026-03", view: "cells", unit: "c:\(i)", bin: 0)
            firstWords.insert(stream.nextWord())
        }
        #expect(firstWords.count == 100_000)
    }
}
