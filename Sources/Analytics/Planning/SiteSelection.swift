/// Where k new sites would cover the most demand not yet covered: the
/// maximal covering location problem, solved greedily with lazy gain
/// updates (a gain can only fall as sites are added, so a candidate whose
/// stale gain is still the best needs no recount). Greedy is within 1 - 1/e
/// of the optimum; the tests check it against exhaustive search on small inputs.
public enum SiteSelection {
    public struct Choice: Hashable, Sendable {
        /// Index into the candidates.
        public var candidate: Int
        /// Demand newly covered by this site.
        public var gain: Double
    }

    public struct Result: Sendable {
        public var choices: [Choice]
        public var coveredBefore: Double
        public var coveredAfter: Double
        public var total: Double
    }

    /// - Parameters:
    ///   - weights: demand at each point (calls).
    ///   - covered: which points existing sites already cover.
    ///   - reach: for each candidate, the demand points it would cover.
    /// Returns fewer than k choices when no candidate covers anything more.
    public static func greedy(k: Int, weights: [Double], covered: [Bool], reach: [[Int32]]) -> Result {
        var covered = covered
        let total = weights.reduce(0, +)
        let before = zip(weights, covered).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
        func gain(_ candidate: Int) -> Double {
            reach[candidate].reduce(0) { $0 + (covered[Int($1)] ? 0 : weights[Int($1)]) }
        }
        var stale = reach.indices.map { gain($0) }
        var taken = Set<Int>()
        var choices: [Choice] = []
        while choices.count < k {
            // The best stale gain, ties to the lower index; recount it and keep it if it still leads.
            var best: Int?
            while true {
                best = nil
                for candidate in stale.indices where !taken.contains(candidate) {
                    if best == nil || stale[candidate] > stale[best!] { best = candidate }
                }
                guard let leader = best else { break }
                let fresh = gain(leader)
                let runnerUp = stale.indices.filter { $0 != leader && !taken.contains($0) }.map { stale[$0] }.max() ?? -1
                stale[leader] = fresh
                if fresh >= runnerUp { break }
            }
            // A site that covers nothing new is no suggestion: stop short of k.
            guard let chosen = best, stale[chosen] > 0 else { break }
            taken.insert(chosen)
            choices.append(Choice(candidate: chosen, gain: stale[chosen]))
            for point in reach[chosen] { covered[Int(point)] = true }
        }
        let after = zip(weights, covered).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
        return Result(choices: choices, coveredBefore: before, coveredAfter: after, total: total)
    }
}
