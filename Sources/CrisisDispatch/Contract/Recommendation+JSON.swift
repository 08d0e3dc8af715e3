import Contract
import Store

// The engine's answers in the contract's words: the one place a
// recommendation becomes the JSON that the CLI's --json and the API share.

/// Metres and seconds to a tenth: what a dispatcher can use, without float noise.
func tenth(_ value: Double) -> Double { (value * 10).rounded() / 10 }

extension RecommendationJSON where Result == TeamResultJSON {
    /// Each result's route is drawn when the engine was asked for routes.
    public init(_ answer: TeamRecommendation) {
        self.init(answer, name: \.callSign) { result in
            let team = result.team
            return TeamResultJSON(
                id: team.id, name: team.callSign, call_sign: team.callSign, model: team.model.rawValue,
                status: team.status.rawValue, agency: team.agency, skills: team.skills,
                lat: team.location.latitude, lon: team.location.longitude,
                distance_m: tenth(result.distance), eta_s: tenth(result.eta), rank: result.rank,
                fix_at: RFC3339.format(team.fixAt), fix_age_s: tenth(result.fixAge),
                eta_method: result.etaMethod, route: LineStringJSON(result.route), snap_m: result.snapDistance.map(tenth))
        }
    }
}

extension RecommendationJSON where Result == FacilityResultJSON {
    public init(_ answer: FacilityRecommendation) {
        self.init(answer, name: \.name) { result in
            let facility = result.facility
            return FacilityResultJSON(
                id: facility.id, name: facility.name, kind: facility.kind.rawValue, address: facility.address,
                phone: facility.phone, lat: facility.location.latitude, lon: facility.location.longitude,
                distance_m: tenth(result.distance), eta_s: tenth(result.eta), rank: result.rank,
                level_of_care: result.levelOfCare, beds_available: facility.bedsAvailable,
                availability_age_s: result.availabilityAge.map(tenth), availability_stale: result.availabilityStale,
                eta_method: result.etaMethod, route: LineStringJSON(result.route), snap_m: result.snapDistance.map(tenth))
        }
    }
}

extension RecommendationJSON {
    /// The query, method and exclusions every answer carries, around its own results.
    init<Ranked, Record: StoredRecord>(
        _ answer: Recommendation<Ranked, Record>, name: (Record) -> String?, result: (Ranked) -> Result
    ) {
        self.init(
            query: Query(lat: answer.location.latitude, lon: answer.location.longitude, at: RFC3339.format(answer.at),
                         snap_m: answer.snapDistance.map(tenth)),
            eta_method: answer.etaMethod,
            results: answer.results.map(result),
            excluded: answer.excluded.map {
                ExcludedJSON(id: $0.record.id, name: name($0.record), distance_m: tenth($0.distance),
                             reasons: $0.reasons.map(\.rawValue), call_id: $0.callID)
            })
    }
}
