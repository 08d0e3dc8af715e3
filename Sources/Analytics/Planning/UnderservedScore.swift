/// The underserved score: the mean of four standardised figures, each
/// oriented so that higher is worse: need (calls per 1,000 residents),
/// poor access (minus E2SFCA accessibility), distance to care (median ETA to
/// the nearest crisis facility) and slow response (share of calls outside
/// the target time). A figure an area lacks (no residents, no calls) is
/// left out of its mean. The two figures that raised an area's score most
/// are named in its row, so the rank can be explained.
enum UnderservedScore {
    static func apply(_ rows: inout [AreaFigures]) {
        let components: [(String, (AreaFigures) -> Double?)] = [
            ("calls_per_1000", { $0.callsPer1000 }),
            ("low_access_e2sfca", { -$0.accessE2SFCA }),
            ("eta_p50", { $0.etaP50 }),
            ("outside_target", { $0.withinTargetShare.map { 1 - $0 } }),
        ]
        let standardised: [[Double?]] = components.map { _, value in zScores(rows.map(value)) }
        for index in rows.indices {
            var parts: [(String, Double)] = []
            for (c, (name, _)) in components.enumerated() {
                if let z = standardised[c][index] { parts.append((name, z)) }
            }
            rows[index].score = parts.isEmpty ? 0 : parts.map(\.1).reduce(0, +) / Double(parts.count)
            rows[index].drivers = parts.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }.prefix(2)
                .map { "\($0.0) +\(String(format: "%.1f", $0.1)) sd" }
        }
        let order = rows.indices.sorted { (-rows[$0].score, rows[$0].id) < (-rows[$1].score, rows[$1].id) }
        for (rank, index) in order.enumerated() { rows[index].rank = rank + 1 }
    }

    /// (x - mean) / sd over the values present; 0 when they do not vary.
    static func zScores(_ values: [Double?]) -> [Double?] {
        let present = values.compactMap { $0 }
        guard !present.isEmpty else { return values.map { _ in nil } }
        let mean = present.reduce(0, +) / Double(present.count)
        let variance = present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count)
        let sd = variance.squareRoot()
        return values.map { value in value.map { sd > 0 ? ($0 - mean) / sd : 0 } }
    }
}
