import Analytics

/// The ranking as JSON for `underserved --json` and `GET /v1/areas/underserved`.
public struct UnderservedJSON: Encodable, Sendable {
    public struct Row: Encodable, Sendable {
        var area_id: String, name: String, population: Int, calls: Int?
        var calls_per_1000: Double?, eta_p50_s: Double?, eta_p90_s: Double?, within_target_share: Double?
        var access_2sfca: Double, access_e2sfca: Double, beds_per_100k: Double?, score: Double, rank: Int
        var team_eta_p50_s: Double?, team_eta_p90_s: Double?, arrest_share: Double?, hospitalized_share: Double?
        var beds_shortfall_per_100k: Double?
        var drivers: [String]
    }

    var eta_method: String
    /// The facility kinds whose beds are the 2SFCA and E2SFCA supply.
    var supply_kinds: [String]
    /// `private` (from noisy releases) or `exact: not for publication`.
    var privacy: String
    /// Private reports: the released months, quarters and years the figures come from, and the total epsilon.
    var releases: [String]?
    var epsilon: Double?
    var calls_outside_areas: Int?
    var calls_in_overlaps: Int?
    /// Road ETAs only: calls too far from any road, timed by straight line.
    var calls_off_road_network: Int?
    var areas_without_population: [String]
    var timings_s: [String: Double]?
    var rows: [Row]

    /// `withTimings` adds how long each step took (the CLI's --json; not the API's contract).
    public init(_ report: UnderservedReport, withTimings: Bool = false) {
        timings_s = withTimings ? report.timings : nil
        eta_method = report.etaMethod
        supply_kinds = report.supplyKinds.map(\.rawValue)
        switch report.privacy {
        case .exact: privacy = "exact: not for publication"
        case .released(let nodes, let total):
            privacy = "private"
            releases = nodes
            epsilon = total
        }
        calls_outside_areas = report.callsOutsideAreas
        calls_in_overlaps = report.callsInOverlaps
        calls_off_road_network = report.callsOffRoadNetwork
        areas_without_population = report.areasWithoutPopulation
        rows = report.rows.map {
            Row(area_id: $0.id, name: $0.name, population: $0.population, calls: $0.calls, calls_per_1000: $0.callsPer1000,
                eta_p50_s: $0.etaP50, eta_p90_s: $0.etaP90, within_target_share: $0.withinTargetShare, access_2sfca: $0.access2SFCA,
                access_e2sfca: $0.accessE2SFCA, beds_per_100k: $0.bedsPer100k, score: $0.score, rank: $0.rank,
                team_eta_p50_s: $0.teamEtaP50, team_eta_p90_s: $0.teamEtaP90, arrest_share: $0.arrestShare,
                hospitalized_share: $0.hospitalizedShare, beds_shortfall_per_100k: $0.bedsShortfallPer100k, drivers: $0.drivers)
        }
    }
}
