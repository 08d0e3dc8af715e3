import Contract
import Foundation
import GeoCore
import Testing

/// The sorted-key encoder must write what JSONEncoder writes for every
/// answer shape, so the fast path and the Codable one are one contract.
@Suite struct SortedKeyEncoderTests {
    func encoderText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func fastText(_ value: some Encodable) throws -> String {
        String(decoding: try SortedKeyJSONEncoder().encode(value), as: UTF8.self)
    }

    @Test func underservedAnswersMatchJSONEncoder() throws {
        var answer = UnderservedJSON(
            eta_method: .roadNetwork, supply_kinds: ["crisis_stabilization", "crisis_residential"], privacy: "private",
            areas_without_population: ["Z"],
            rows: [
                .init(area_id: "A", name: "West \"tract\"", population: 1_200, calls: nil, calls_per_1000: 1.0 / 3,
                      eta_p50_s: 600, eta_p90_s: nil, within_target_share: 0.25, access_2sfca: 196.078431372549,
                      access_e2sfca: 0, beds_per_100k: nil, score: -1.5e-7, rank: 1, team_eta_p50_s: nil, team_eta_p90_s: 1e300,
                      arrest_share: nil, hospitalized_share: 0.1, beds_shortfall_per_100k: nil, drivers: ["eta_p90", "access"]),
            ])
        answer.releases = ["2026-10", "2026-Q3"]
        answer.epsilon = 0.5
        answer.timings_s = ["read": 0.25, "ETA": 1, "access_2sfca": 2.5]
        answer.calls_off_road_network = 3
        #expect(try fastText(answer) == encoderText(answer))
        #expect(answer.jsonText == (try encoderText(answer)))
    }

    struct Nested: Encodable {
        var z: [[Double]]
        var a: [String: [Int]]
        var m: Bool?
        var b: Bool
        var e: [Nested]
    }

    @Test func nestedArraysObjectsAndOmittedOptionalsMatchJSONEncoder() throws {
        let inner = Nested(z: [], a: [:], m: nil, b: false, e: [])
        let value = Nested(z: [[1, 2.5], [-0.0, 1e-9]], a: ["b": [1, 2], "a": [], "é": [3]], m: true, b: true, e: [inner, inner])
        let fast = try fastText(value), foundation = try encoderText(value)
        #expect(fast == foundation)
        #expect(try fastText([inner]) == encoderText([inner]))
        #expect(try fastText(["plain"]) == encoderText(["plain"]))
        // Keys the writer escapes are ordered by their text, not their escapes.
        let escapedKeys = ["b\"": 1, "a\\": 2, "\n": 3, "a": 4, "\u{1}z": 5, "a\"": 6, "": 7]
        #expect(try fastText(escapedKeys) == encoderText(escapedKeys))
    }

    /// The recommendation answers are the API's hot path: declared in key
    /// order, the encoder never has to reorder their members. A property
    /// added out of order still encodes correctly, only slower; this says so.
    @Test func hotAnswersDeclareTheirPropertiesInKeyOrder() throws {
        let route = LineStringJSON([Coordinate(uncheckedLatitude: 1, longitude: 2), Coordinate(uncheckedLatitude: 3, longitude: 4)])
        let team = TeamResultJSON(id: "T", name: nil, call_sign: nil, model: "m", status: "s", agency: nil, skills: [], lat: 0,
                                  lon: 0, distance_m: 0, eta_s: 0, rank: 1, fix_at: "t", fix_age_s: 0)
        let facility = FacilityResultJSON(id: "F", name: "n", kind: "k", address: nil, phone: nil, lat: 0, lon: 0, distance_m: 0,
                                          eta_s: 0, rank: 1, level_of_care: 1, beds_available: nil, availability_age_s: nil,
                                          availability_stale: false)
        let answer = RecommendationJSON(query: .init(lat: 0, lon: 0, at: "t"), eta_method: .straightLine, results: [team],
                                        excluded: [.init(id: "X", name: nil, distance_m: 0, reasons: [])])
        let values: [Any] = [answer, answer.query, team, facility, answer.excluded[0], try #require(route)]
        for value in values {
            let labels = Mirror(reflecting: value).children.compactMap(\.label)
            #expect(labels.count > 1)
            #expect(labels == labels.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }, "\(type(of: value))")
        }
    }
}
