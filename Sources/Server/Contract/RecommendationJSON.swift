import CrisisDispatch
import Foundation
import GeoCore
import Interchange
import Store

/// The `--json` shape of DESIGN.md's "Interfaces" section, shared by the
/// CLI and the HTTP API. Field names are a contract.
public struct RecommendationJSON<Result: Encodable>: Encodable {
    public struct Query: Encodable {
        public var lat: Double
        public var lon: Double
        public var at: String
        /// By road: metres from the call to the road it was snapped to.
        public var snap_m: Double? = nil
    }

    public struct Excluded: Encodable {
        public var id: String
        public var name: String?
        public var distance_m: Double
        public var reasons: [String]

        public static func list<Record: StoredRecord>(_ exclusions: [Exclusion<Record>], name: (Record) -> String?) -> [Excluded] {
            exclusions.map {
                Excluded(id: $0.record.id, name: name($0.record), distance_m: tenth($0.distance),
                         reasons: $0.reasons.map(\.rawValue))
            }
        }
    }

    public var query: Query
    public var eta_method: String
    public var results: [Result]
    public var excluded: [Excluded]
}

public struct TeamResultJSON: Encodable {
    public var id: String
    public var name: String?
    public var call_sign: String?
    public var model: String
    public var status: String
    public var agency: String?
    public var skills: [String]
    public var lat: Double
    public var lon: Double
    public var distance_m: Double
    public var eta_s: Double
    public var rank: Int
    public var fix_at: String
    public var fix_age_s: Double
    /// Only when this result's ETA was found another way than the answer's.
    public var eta_method: String?
    /// The drive from the team to the call, when asked for and known.
    public var route: LineStringJSON?
    /// By road: metres from the team to the road it was snapped to.
    public var snap_m: Double?
}

/// A GeoJSON LineString, `[lon, lat]` pairs.
public struct LineStringJSON: Encodable, Sendable {
    public var type = "LineString"
    public var coordinates: [[Double]]

    public init?(_ path: [Coordinate]?) {
        guard let path, path.count >= 2 else { return nil }
        coordinates = path.map { [$0.longitude, $0.latitude] }
    }
}

public struct FacilityResultJSON: Encodable {
    public var id: String
    public var name: String
    public var kind: String
    public var address: String?
    public var phone: String?
    public var lat: Double
    public var lon: Double
    public var distance_m: Double
    public var eta_s: Double
    public var rank: Int
    public var level_of_care: Int
    public var beds_available: Int?
    public var availability_age_s: Double?
    public var availability_stale: Bool
    public var eta_method: String?
    /// The drive from the call to the facility, when asked for and known.
    public var route: LineStringJSON?
    public var snap_m: Double?
}

/// Metres and seconds to a tenth: what a dispatcher can use, without float noise.
func tenth(_ value: Double) -> Double { (value * 10).rounded() / 10 }

extension RecommendationJSON where Result == TeamResultJSON {
    /// Each result's route is drawn when the engine was asked for routes.
    public init(_ answer: TeamRecommendation) {
        self.init(
            query: Query(lat: answer.location.latitude, lon: answer.location.longitude, at: RFC3339.format(answer.at),
                         snap_m: answer.snapDistance.map(tenth)),
            eta_method: answer.etaMethod,
            results: answer.results.map { result in
                let team = result.team
                return TeamResultJSON(
                    id: team.id, name: team.callSign, call_sign: team.callSign, model: team.model.rawValue,
                    status: team.status.rawValue, agency: team.agency, skills: team.skills,
                    lat: team.location.latitude, lon: team.location.longitude,
                    distance_m: tenth(result.distance), eta_s: tenth(result.eta), rank: result.rank,
                    fix_at: RFC3339.format(team.fixAt), fix_age_s: tenth(result.fixAge),
                    eta_method: result.etaMethod, route: LineStringJSON(result.route), snap_m: result.snapDistance.map(tenth))
            },
            excluded: Excluded.list(answer.excluded) { $0.callSign })
    }
}

extension RecommendationJSON where Result == FacilityResultJSON {
    public init(_ answer: FacilityRecommendation) {
        self.init(
            query: Query(lat: answer.location.latitude, lon: answer.location.longitude, at: RFC3339.format(answer.at),
                         snap_m: answer.snapDistance.map(tenth)),
            eta_method: answer.etaMethod,
            results: answer.results.map { result in
                let facility = result.facility
                return FacilityResultJSON(
                    id: facility.id, name: facility.name, kind: facility.kind.rawValue, address: facility.address,
                    phone: facility.phone, lat: facility.location.latitude, lon: facility.location.longitude,
                    distance_m: tenth(result.distance), eta_s: tenth(result.eta), rank: result.rank,
                    level_of_care: result.levelOfCare, beds_available: facility.bedsAvailable,
                    availability_age_s: result.availabilityAge.map(tenth), availability_stale: result.availabilityStale,
                    eta_method: result.etaMethod, route: LineStringJSON(result.route), snap_m: result.snapDistance.map(tenth))
            },
            excluded: Excluded.list(answer.excluded) { $0.name })
    }
}

extension Encodable {
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

// MARK: The same shapes through JSONTextWriter (keys in sorted order)

extension RecommendationJSON: JSONTextWritable where Result: JSONTextWritable {
    public func write(to writer: inout JSONTextWriter) {
        writer.object { w in
            w.member("eta_method", eta_method)
            w.key("excluded")
            w.array(excluded) { w, item in item.write(to: &w) }
            w.key("query")
            w.object { w in
                w.member("at", query.at)
                w.member("lat", query.lat)
                w.member("lon", query.lon)
                w.member("snap_m", query.snap_m)
            }
            w.key("results")
            w.array(results) { w, item in item.write(to: &w) }
        }
    }
}

extension RecommendationJSON.Excluded {
    func write(to writer: inout JSONTextWriter) {
        writer.object { w in
            w.member("distance_m", distance_m)
            w.member("id", id)
            w.member("name", name)
            w.member("reasons", reasons)
        }
    }
}

extension TeamResultJSON: JSONTextWritable {
    public func write(to writer: inout JSONTextWriter) {
        writer.object { w in
            w.member("agency", agency)
            w.member("call_sign", call_sign)
            w.member("distance_m", distance_m)
            w.member("eta_method", eta_method)
            w.member("eta_s", eta_s)
            w.member("fix_age_s", fix_age_s)
            w.member("fix_at", fix_at)
            w.member("id", id)
            w.member("lat", lat)
            w.member("lon", lon)
            w.member("model", model)
            w.member("name", name)
            w.member("rank", rank)
            route?.write(to: &w)
            w.member("skills", skills)
            w.member("snap_m", snap_m)
            w.member("status", status)
        }
    }
}

extension FacilityResultJSON: JSONTextWritable {
    public func write(to writer: inout JSONTextWriter) {
        writer.object { w in
            w.member("address", address)
            w.member("availability_age_s", availability_age_s)
            w.member("availability_stale", availability_stale)
            w.member("beds_available", beds_available)
            w.member("distance_m", distance_m)
            w.member("eta_method", eta_method)
            w.member("eta_s", eta_s)
            w.member("id", id)
            w.member("kind", kind)
            w.member("lat", lat)
            w.member("level_of_care", level_of_care)
            w.member("lon", lon)
            w.member("name", name)
            w.member("phone", phone)
            w.member("rank", rank)
            route?.write(to: &w)
            w.member("snap_m", snap_m)
        }
    }
}

extension LineStringJSON {
    /// As the `route` member of a result.
    func write(to writer: inout JSONTextWriter) {
        writer.key("route")
        writer.object { w in
            w.key("coordinates")
            w.array(coordinates) { w, pair in
                w.array(pair) { w, number in w.number(number) }
            }
            w.member("type", type)
        }
    }
}
