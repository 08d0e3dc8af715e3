/// Two-step floating catchment area accessibility (Luo and Wang, 2003) and
/// its enhanced form with distance-decay zones (Luo and Qi, 2009).
///
/// Step 1, for each supply site j: R_j = S_j / Σ_k P_k W(d_kj), over the
/// demand locations k within the catchment. Step 2, for each demand
/// location k: A_k = Σ_j R_j W(d_kj). With one zone of weight 1 this is the
/// plain 2SFCA. A site no demand reaches has R_j = 0 (nothing to share);
/// A_k is supply per person (times 100,000: per 100,000 residents, below).
public enum TwoStepFCA {
    /// Catchment zones: travel cost up to `limit` (seconds or metres) gets `weight`.
    public struct Zone: Hashable, Sendable {
        public var limit: Double
        public var weight: Double

        public init(limit: Double, weight: Double) {
            self.limit = limit
            self.weight = weight
        }
    }

    /// One zone of weight 1: the plain 2SFCA.
    public static func plain(catchment: Double) -> [Zone] { [Zone(limit: catchment, weight: 1)] }

    /// Luo and Qi's published zones: 0-10, 10-20 and 20-30 minutes, weights 1.00, 0.68, 0.22.
    public static let luoQi: [Zone] = [Zone(limit: 600, weight: 1), Zone(limit: 1200, weight: 0.68), Zone(limit: 1800, weight: 0.22)]

    /// The zone weight of a cost; 0 beyond the last zone. Zones are in increasing order of limit.
    public static func weight(_ cost: Double, _ zones: [Zone]) -> Double {
        for zone in zones where cost <= zone.limit { return zone.weight }
        return 0
    }

    /// Accessibility per demand location, per 100,000 people. `cost` is
    /// row-major: demand k, supply j at `k * supply.count + j`.
    public static func accessibility(demand: [Double], supply: [Double], cost: [Double], zones: [Zone]) -> [Double] {
        let n = demand.count, m = supply.count
        precondition(cost.count == n * m, "one cost per demand and supply pair")
        var weights = [Double](repeating: 0, count: n * m)
        for index in 0..<(n * m) { weights[index] = weight(cost[index], zones) }
        var ratio = [Double](repeating: 0, count: m)
        for j in 0..<m {
            var reached = 0.0
            for k in 0..<n { reached += demand[k] * weights[k * m + j] }
            ratio[j] = reached > 0 ? supply[j] / reached : 0
        }
        return (0..<n).map { k in
            var sum = 0.0
            for j in 0..<m { sum += ratio[j] * weights[k * m + j] }
            return sum * 100_000
        }
    }
}
