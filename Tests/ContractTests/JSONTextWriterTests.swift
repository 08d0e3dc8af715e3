import Foundation
import GeoCore
import Testing
import Contract

/// The hot answers' byte writer must say exactly what JSONEncoder says, so
/// that the CLI, the API and any client see one contract.
@Suite struct JSONTextWriterTests {
    static let awkward = ["plain", "quote \" and backslash \\", "line\nbreak\ttab\r", "control \u{1}\u{1f}", "slash / é ☕ 😀", ""]

    func encoderText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test(arguments: awkward)
    func teamAnswersMatchJSONEncoder(_ text: String) throws {
        let answer = RecommendationJSON(
            query: .init(lat: 39.74, lon: -104.99, at: "2026-11-22T14:00:00Z"), eta_method: .straightLine,
            results: [
                TeamResultJSON(id: text, name: nil, call_sign: text, model: "mobile_crisis", status: "available", agency: nil,
                               skills: [text, "youth"], lat: 39.5, lon: -105, distance_m: 1834.2, eta_s: 260, rank: 1,
                               fix_at: "2026-11-22T13:58:00Z", fix_age_s: 0.1 + 0.2),
            ],
            excluded: [.init(id: "T9", name: text, distance_m: 1e20, reasons: ["stale_position", "missing_skill"])])
        #expect(answer.jsonText == (try encoderText(answer)))
    }

    @Test func facilityAnswersMatchJSONEncoder() throws {
        let full = FacilityResultJSON(
            id: "F1", name: "Crisis \"Center\"", kind: "crisis_stabilization", address: "1 Main St\nSuite 2", phone: "303",
            lat: 39.7, lon: -104.9, distance_m: 0, eta_s: 12_345.6, rank: 2, level_of_care: 6, beds_available: 0,
            availability_age_s: 43_200.5, availability_stale: true)
        var sparse = full
        sparse.address = nil
        sparse.phone = nil
        sparse.beds_available = nil
        sparse.availability_age_s = nil
        let answer = RecommendationJSON(
            query: .init(lat: -0.5, lon: 179.999999, at: "2026-11-22T14:00:00.25Z"), eta_method: .roadNetwork,
            results: [full, sparse], excluded: [])
        #expect(answer.jsonText == (try encoderText(answer)))
        var routed = full
        routed.eta_method = .straightLine
        routed.snap_m = 12.5
        routed.route = LineStringJSON([Coordinate(uncheckedLatitude: 39.7, longitude: -104.9), Coordinate(uncheckedLatitude: 39.71, longitude: -104.95)])
        var byRoad = RecommendationJSON(query: .init(lat: 1, lon: 2, at: "t"), eta_method: .roadNetwork, results: [routed], excluded: [])
        byRoad.query.snap_m = 40.1
        #expect(byRoad.jsonText == (try encoderText(byRoad)), "routes, snaps and per-result methods too")
        var team = TeamResultJSON(id: "T1", name: nil, call_sign: nil, model: "mobile_crisis", status: "available", agency: nil,
                                  skills: [], lat: 0, lon: 0, distance_m: 1, eta_s: 2, rank: 1, fix_at: "t", fix_age_s: 3)
        team.route = routed.route
        team.snap_m = 0
        team.eta_method = .straightLine
        let teams = RecommendationJSON(query: .init(lat: 1, lon: 2, at: "t"), eta_method: .roadNetwork, results: [team], excluded: [])
        #expect(teams.jsonText == (try encoderText(teams)))
        let empty = RecommendationJSON<FacilityResultJSON>(
            query: .init(lat: 0, lon: 0, at: "x"), eta_method: .straightLine, results: [], excluded: [])
        #expect(empty.jsonText == (try encoderText(empty)))
    }
}
