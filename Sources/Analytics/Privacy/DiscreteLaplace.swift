import Foundation

/// A privacy parameter ε kept as an exact fraction, because the sampler
/// works in integers only: a floating-point ε would bring back the rounding
/// that the integer sampler exists to avoid.
public struct PrivacyRate: Sendable, Hashable, Codable {
    public var numerator: Int
    public var denominator: Int

    /// Both parts of a rate lie in 1...limit, so that the sampler's products
    /// (denominator × a loop counter, denominator × a geometric count) stay far
    /// inside 64 bits.
    public static let limit = 1 << 32

    public init(numerator: Int, denominator: Int) {
        precondition((1...Self.limit).contains(numerator) && (1...Self.limit).contains(denominator),
                     "a privacy rate is a fraction of two integers in 1...2^32")
        self.numerator = numerator
        self.denominator = denominator
    }

    /// ε to the nearest thousandth, never below 1/1000: a zero rate would be
    /// infinite noise, which no release can use.
    public init(epsilon: Double) {
        precondition(epsilon.isFinite && epsilon > 0 && epsilon * 1_000 <= Double(Self.limit),
                     "epsilon must be positive and finite")
        self.init(numerator: max(1, Int((epsilon * 1_000).rounded())), denominator: 1_000)
    }

    public var epsilon: Double {
        Double(numerator) / Double(denominator)
    }

    private enum CodingKeys: String, CodingKey {
        case numerator, denominator
    }

    /// A stored rate is checked like a constructed one, so that a bad file
    /// fails where it is read rather than in the sampler.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let numerator = try container.decode(Int.self, forKey: .numerator)
        let denominator = try container.decode(Int.self, forKey: .denominator)
        guard (1...Self.limit).contains(numerator), (1...Self.limit).contains(denominator) else {
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath,
                                                    debugDescription: "a privacy rate is a fraction of two integers in 1...2^32, not \(numerator)/\(denominator)"))
        }
        self.init(numerator: numerator, denominator: denominator)
    }
}

/// The discrete Laplace (two-sided geometric) distribution,
/// P(k) ∝ exp(-ε|k|) on the integers.
///
/// The sampler is exact and uses integer arithmetic only: Canonne, Kamath &
/// Steinke 2020, "The Discrete Gaussian for Differential Privacy",
/// Algorithms 1 and 2. Floating-point noise leaks the true value through the
/// gaps and rounding of the doubles it can produce (Mironov 2012, "On
/// Significance of the Least Significant Bits for Differential Privacy"); an
/// exact integer sampler has no such gaps, so the privacy guarantee is the
/// one stated, not an approximation of it.
public enum DiscreteLaplace {
    /// One draw with ε = s/t (s = numerator, t = denominator), i.e. scale t/s.
    public static func sample(_ rate: PrivacyRate, using source: inout some RandomWordSource) -> Int64 {
        precondition((1...PrivacyRate.limit).contains(rate.numerator) && (1...PrivacyRate.limit).contains(rate.denominator),
                     "a privacy rate is a fraction of two integers in 1...2^32")
        let s = UInt64(rate.numerator), t = UInt64(rate.denominator)
        while true {
            // X = U + t·V is geometric with ratio exp(-1/t): U carries the
            // fractional part (accepted with probability exp(-U/t)), V the
            // whole multiples of t.
            let u = uniform(below: t, using: &source)
            guard bernoulliExp(numerator: u, denominator: t, using: &source) else { continue }
            var v: UInt64 = 0
            while bernoulliExpMinusOne(using: &source) { v += 1 }
            // Dividing by s turns ratio exp(-1/t) into exp(-s/t) = exp(-ε).
            let y = (u + t * v) / s
            let negative = uniform(below: 2, using: &source) == 1
            // Zero would otherwise come out as both +0 and -0, twice as often.
            if negative && y == 0 { continue }
            return negative ? -Int64(y) : Int64(y)
        }
    }

    /// P(k) = (1 - e^-ε) / (1 + e^-ε) · e^(-ε|k|).
    public static func probability(_ k: Int64, epsilon: Double) -> Double {
        let q = exp(-epsilon)
        return -expm1(-epsilon) / (1 + q) * exp(-epsilon * Double(k).magnitude)
    }

    /// Var = 2e^-ε / (1 - e^-ε)², the mean being 0.
    public static func variance(epsilon: Double) -> Double {
        let oneMinusQ = -expm1(-epsilon)
        return 2 * exp(-epsilon) / (oneMinusQ * oneMinusQ)
    }

    // MARK: Exact Bernoulli trials

    /// Bernoulli(exp(-n/d)) for any n/d ≥ 0 (Algorithm 1): exp(-1) once per
    /// whole unit of n/d, then the series trial for the remaining part ≤ 1.
    static func bernoulliExp(numerator n: UInt64, denominator d: UInt64, using source: inout some RandomWordSource) -> Bool {
        var n = n
        while n > d {
            guard bernoulliExpMinusOne(using: &source) else { return false }
            n -= d
        }
        return bernoulliExpAtMostOne(numerator: n, denominator: d, using: &source)
    }

    /// Bernoulli(exp(-γ)), γ = n/d ≤ 1: K is the first k with a failed
    /// Bernoulli(γ/k); P(K odd) = 1 - γ + γ²/2! - γ³/3! + ... = exp(-γ).
    static func bernoulliExpAtMostOne(numerator n: UInt64, denominator d: UInt64, using source: inout some RandomWordSource) -> Bool {
        var k: UInt64 = 1
        while bernoulli(numerator: n, denominator: d * k, using: &source) { k += 1 }
        return k % 2 == 1
    }

    static func bernoulliExpMinusOne(using source: inout some RandomWordSource) -> Bool {
        bernoulliExpAtMostOne(numerator: 1, denominator: 1, using: &source)
    }

    /// Bernoulli(n/d); certain outcomes take no word, which saves one per
    /// exp(-1) trial (its first step is Bernoulli(1/1)).
    static func bernoulli(numerator n: UInt64, denominator d: UInt64, using source: inout some RandomWordSource) -> Bool {
        if n >= d { return true }
        if n == 0 { return false }
        return uniform(below: d, using: &source) < n
    }

    /// A uniform integer in 0..<n by Lemire's multiply-and-reject on 64-bit
    /// words: word × n spreads 2^64 words over n buckets of ⌊2^64/n⌋ or one
    /// more; rejecting the low parts below 2^64 mod n leaves every bucket
    /// exactly ⌊2^64/n⌋ words, so there is no modulo bias, and the division
    /// is needed only in the rare case the first low part is below n.
    static func uniform(below n: UInt64, using source: inout some RandomWordSource) -> UInt64 {
        precondition(n > 0)
        var product = source.nextWord().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold {
                product = source.nextWord().multipliedFullWidth(by: n)
            }
        }
        return product.high
    }
}
