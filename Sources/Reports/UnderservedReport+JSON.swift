import Analytics
import Contract

extension UnderservedJSON {
    /// `withTimings` adds how long each step took (the CLI's --json; not the API's contract).
    public init(_ report: UnderservedReport, withTimings: Bool = false) {
        let privacy: String
        var releases: [String]?
        var epsilon: Double?
        switch report.privacy {
        case .exact: privacy = "exact: not for publication"
        case .released(let nodes, let total):
            privacy = "private"
            releases = nodes
            epsilon = total
        }
        self.init(
            eta_method: report.etaMethod, supply_kinds: report.supplyKinds.map(\.rawValue), privacy: privacy,
            areas_without_population: report.areasWithoutPopulation,
            rows: report.rows.map {
                Row(area_id: $0.id, name: $0.name, population: $0.population, calls: $0.calls, calls_per_1000: $0.callsPer1000,
                    eta_p50_s: $0.etaP50, eta_p90_s: $0.etaP90, within_target_share: $0.withinTargetShare,
                    access_2sfca: $0.access2SFCA, access_e2sfca: $0.accessE2SFCA, beds_per_100k: $0.bedsPer100k,
                    score: $0.score, rank: $0.rank, team_eta_p50_s: $0.teamEtaP50, team_eta_p90_s: $0.teamEtaP90,
                    arrest_share: $0.arrestShare, hospitalized_share: $0.hospitalizedShare,
                    beds_shortfall_per_100k: $0.bedsShortfallPer100k, drivers: $0.drivers)
            })
        self.releases = releases
        self.epsilon = epsilon
        timings_s = withTimings ? report.timings : nil
        calls_outside_areas = report.callsOutsideAreas
        calls_in_overlaps = report.callsInOverlaps
        calls_off_road_network = report.callsOffRoadNetwork
    }
}
