import Foundation
import GeoCore

/// The `--json` shape of DESIGN.md's "Interfaces" section, shared by the
/// CLI and the HTTP API. Field names are a contract.
/// `@JSONAnswer` writes the members in key order whatever the declaration
/// order; the properties are declared in key order only to read like the JSON.
@JSONAnswer
public struct RecommendationJSON<Result: Encodable & JSONAnswerValue & Sendable>: JSONTextWritable, Sendable {
    @JSONAnswer
    public struct Query: Encodable, Sendable {
        public var at: String
        public var lat: Double
        public var lon: Double
        /// By road: metres from the call to the road it was snapped to.
        public var snap_m: Double? = nil

        public init(lat: Double, lon: Double, at: String, snap_m: Double? = nil) {
            self.lat = lat
            self.lon = lon
            self.at = at
            self.snap_m = snap_m
        }
    }

    /// A nearer candidate a rule passed over, and why.
    public typealias Excluded = ExcludedJSON

    public var eta_method: ETAMethod
    public var excluded: [Excluded]
    public var query: Query
    public var results: [Result]

    public init(query: Query, eta_method: ETAMethod, results: [Result], excluded: [Excluded]) {
        self.query = query
        self.eta_method = eta_method
        self.results = results
        self.excluded = excluded
    }
}

@JSONAnswer
public struct ExcludedJSON: Encodable, Sendable {
    /// A team excluded as `assigned`: the open call it is on (dispatchers only).
    public var call_id: String?
    public var distance_m: Double
    public var id: String
    public var name: String?
    public var reasons: [String]

    public init(id: String, name: String?, distance_m: Double, reasons: [String], call_id: String? = nil) {
        self.id = id
        self.name = name
        self.distance_m = distance_m
        self.reasons = reasons
        self.call_id = call_id
    }
}

@JSONAnswer
public struct TeamResultJSON: Encodable, Sendable {
    public var agency: String?
    public var call_sign: String?
    public var distance_m: Double
    /// Only when this result's ETA was found another way than the answer's.
    public var eta_method: ETAMethod?
    public var eta_s: Double
    public var fix_age_s: Double
    public var fix_at: String
    public var id: String
    public var lat: Double
    public var lon: Double
    public var model: String
    public var name: String?
    public var rank: Int
    /// The drive from the team to the call, when asked for and known.
    public var route: LineStringJSON?
    public var skills: [String]
    /// By road: metres from the team to the road it was snapped to.
    public var snap_m: Double?
    public var status: String

    public init(
        id: String, name: String?, call_sign: String?, model: String, status: String, agency: String?, skills: [String],
        lat: Double, lon: Double, distance_m: Double, eta_s: Double, rank: Int, fix_at: String, fix_age_s: Double,
        eta_method: ETAMethod? = nil, route: LineStringJSON? = nil, snap_m: Double? = nil
    ) {
        self.id = id
        self.name = name
        self.call_sign = call_sign
        self.model = model
        self.status = status
        self.agency = agency
        self.skills = skills
        self.lat = lat
        self.lon = lon
        self.distance_m = distance_m
        self.eta_s = eta_s
        self.rank = rank
        self.fix_at = fix_at
        self.fix_age_s = fix_age_s
        self.eta_method = eta_method
        self.route = route
        self.snap_m = snap_m
    }
}

/// A GeoJSON LineString, `[lon, lat]` pairs.
@JSONAnswer
public struct LineStringJSON: Encodable, Sendable {
    public var coordinates: [[Double]]
    public var type = "LineString"

    public init?(_ path: [Coordinate]?) {
        guard let path, path.count >= 2 else { return nil }
        coordinates = path.map { [$0.longitude, $0.latitude] }
    }
}

@JSONAnswer
public struct FacilityResultJSON: Encodable, Sendable {
    public var address: String?
    public var availability_age_s: Double?
    public var availability_stale: Bool
    public var beds_available: Int?
    public var distance_m: Double
    public var eta_method: ETAMethod?
    public var eta_s: Double
    public var id: String
    public var kind: String
    public var lat: Double
    public var level_of_care: Int
    public var lon: Double
    public var name: String
    public var phone: String?
    public var rank: Int
    /// The drive from the call to the facility, when asked for and known.
    public var route: LineStringJSON?
    public var snap_m: Double?

    public init(
        id: String, name: String, kind: String, address: String?, phone: String?, lat: Double, lon: Double,
        distance_m: Double, eta_s: Double, rank: Int, level_of_care: Int, beds_available: Int?,
        availability_age_s: Double?, availability_stale: Bool,
        eta_method: ETAMethod? = nil, route: LineStringJSON? = nil, snap_m: Double? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.address = address
        self.phone = phone
        self.lat = lat
        self.lon = lon
        self.distance_m = distance_m
        self.eta_s = eta_s
        self.rank = rank
        self.level_of_care = level_of_care
        self.beds_available = beds_available
        self.availability_age_s = availability_age_s
        self.availability_stale = availability_stale
        self.eta_method = eta_method
        self.route = route
        self.snap_m = snap_m
    }
}

extension Encodable {
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
