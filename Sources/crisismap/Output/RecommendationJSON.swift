import CrisisDispatch
import Foundation
import Interchange
import Store

/// The `--json` shape of DESIGN.md's "Interfaces" section, shared by the
/// CLI and (later) the HTTP API. Field names are a contract.
struct RecommendationJSON<Result: Encodable>: Encodable {
    struct Query: Encodable {
        var lat: Double
        var lon: Double
        var at: String
    }

    struct Excluded: Encodable {
        var id: String
        var name: String?
        var distance_m: Double
        var reasons: [String]

        static func list<Record: StoredRecord>(_ exclusions: [Exclusion<Record>], name: (Record) -> String?) -> [Excluded] {
            exclusions.map {
                Excluded(id: $0.record.id, name: name($0.record), distance_m: tenth($0.distance),
                         reasons: $0.reasons.map(\.rawValue))
            }
        }
    }

    var query: Query
    var eta_method: String
    var results: [Result]
    var excluded: [Excluded]
}

struct TeamResultJSON: Encodable {
    var id: String
    var name: String?
    var call_sign: String?
    var model: String
    var status: String
    var agency: String?
    var skills: [String]
    var lat: Double
    var lon: Double
    var distance_m: Double
    var eta_s: Double
    var rank: Int
    var fix_at: String
    var fix_age_s: Double
}

struct FacilityResultJSON: Encodable {
    var id: String
    var name: String
    var kind: String
    var address: String?
    var phone: String?
    var lat: Double
    var lon: Double
    var distance_m: Double
    var eta_s: Double
    var rank: Int
    var level_of_care: Int
    var beds_available: Int?
    var availability_age_s: Double?
    var availability_stale: Bool
}

/// Metres and seconds to a tenth: what a dispatcher can use, without float noise.
func tenth(_ value: Double) -> Double { (value * 10).rounded() / 10 }

extension RecommendationJSON where Result == TeamResultJSON {
    init(_ answer: TeamRecommendation) {
        self.init(
            query: Query(lat: answer.location.latitude, lon: answer.location.longitude, at: RFC3339.format(answer.at)),
            eta_method: answer.etaMethod,
            results: answer.results.map { result in
                let team = result.team
                return TeamResultJSON(
                    id: team.id, name: team.callSign, call_sign: team.callSign, model: team.model.rawValue,
                    status: team.status.rawValue, agency: team.agency, skills: team.skills,
                    lat: team.location.latitude, lon: team.location.longitude,
                    distance_m: tenth(result.distance), eta_s: tenth(result.eta), rank: result.rank,
                    fix_at: RFC3339.format(team.fixAt), fix_age_s: tenth(result.fixAge))
            },
            excluded: Excluded.list(answer.excluded) { $0.callSign })
    }
}

extension RecommendationJSON where Result == FacilityResultJSON {
    init(_ answer: FacilityRecommendation) {
        self.init(
            query: Query(lat: answer.location.latitude, lon: answer.location.longitude, at: RFC3339.format(answer.at)),
            eta_method: answer.etaMethod,
            results: answer.results.map { result in
                let facility = result.facility
                return FacilityResultJSON(
                    id: facility.id, name: facility.name, kind: facility.kind.rawValue, address: facility.address,
                    phone: facility.phone, lat: facility.location.latitude, lon: facility.location.longitude,
                    distance_m: tenth(result.distance), eta_s: tenth(result.eta), rank: result.rank,
                    level_of_care: result.levelOfCare, beds_available: facility.bedsAvailable,
                    availability_age_s: result.availabilityAge.map(tenth), availability_stale: result.availabilityStale)
            },
            excluded: Excluded.list(answer.excluded) { $0.name })
    }
}

extension Encodable {
    func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
