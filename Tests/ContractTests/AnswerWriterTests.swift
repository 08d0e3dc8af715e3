import Contract
import Foundation
import GeoCore
import Testing

/// The generated writers must write what JSONEncoder writes for every
/// answer shape, so the API's bytes and the Codable encoding are one contract.
@Suite struct AnswerWriterTests {
    func encoderText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func fastText(_ value: some JSONAnswerValue) throws -> String {
        var writer = JSONTextWriter()
        value.writeJSON(to: &writer)
        return writer.text
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

    @JSONAnswer
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
}
