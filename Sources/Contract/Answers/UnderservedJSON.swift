/// The ranking as JSON for `underserved --json` and `GET /v1/areas/underserved`.
@JSONAnswer
public struct UnderservedJSON: JSONTextWritable, Sendable {
    @JSONAnswer
    public struct Row: Encodable, Sendable {
        public var area_id: String, name: String, population: Int, calls: Int?
        public var calls_per_1000: Double?, eta_p50_s: Double?, eta_p90_s: Double?, within_target_share: Double?
        public var access_2sfca: Double, access_e2sfca: Double, beds_per_100k: Double?, score: Double, rank: Int
        public var team_eta_p50_s: Double?, team_eta_p90_s: Double?, arrest_share: Double?, hospitalized_share: Double?
        public var beds_shortfall_per_100k: Double?
        public var drivers: [String]

        public init(
            area_id: String, name: String, population: Int, calls: Int?, calls_per_1000: Double?, eta_p50_s: Double?,
            eta_p90_s: Double?, within_target_share: Double?, access_2sfca: Double, access_e2sfca: Double,
            beds_per_100k: Double?, score: Double, rank: Int, team_eta_p50_s: Double?, team_eta_p90_s: Double?,
            arrest_share: Double?, hospitalized_share: Double?, beds_shortfall_per_100k: Double?, drivers: [String]
        ) {
            self.area_id = area_id
            self.name = name
            self.population = population
            self.calls = calls
            self.calls_per_1000 = calls_per_1000
            self.eta_p50_s = eta_p50_s
            self.eta_p90_s = eta_p90_s
            self.within_target_share = within_target_share
            self.access_2sfca = access_2sfca
            self.access_e2sfca = access_e2sfca
            self.beds_per_100k = beds_per_100k
            self.score = score
            self.rank = rank
            self.team_eta_p50_s = team_eta_p50_s
            self.team_eta_p90_s = team_eta_p90_s
            self.arrest_share = arrest_share
            self.hospitalized_share = hospitalized_share
            self.beds_shortfall_per_100k = beds_shortfall_per_100k
            self.drivers = drivers
        }
    }

    public var eta_method: ETAMethod
    /// The facility kinds whose beds are the 2SFCA and E2SFCA supply.
    public var supply_kinds: [String]
    /// `private` (from noisy releases) or `exact: not for publication`.
    public var privacy: String
    /// Private reports: the released months, quarters and years the figures come from, and the total epsilon.
    public var releases: [String]?
    public var epsilon: Double?
    public var calls_outside_areas: Int?
    public var calls_in_overlaps: Int?
    /// Road ETAs only: calls too far from any road, timed by straight line.
    public var calls_off_road_network: Int?
    public var areas_without_population: [String]
    /// How long each step took (the CLI's --json only; not the API's contract).
    public var timings_s: [String: Double]?
    public var rows: [Row]

    public init(eta_method: ETAMethod, supply_kinds: [String], privacy: String, areas_without_population: [String], rows: [Row]) {
        self.eta_method = eta_method
        self.supply_kinds = supply_kinds
        self.privacy = privacy
        self.areas_without_population = areas_without_population
        self.rows = rows
    }
}
