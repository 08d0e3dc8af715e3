import Foundation
import Testing
import TestSupport

/// Every class of bad input is a 4xx problem+json naming the field, never a
/// 500, and writes nothing.
@Suite struct ProblemTests {
    struct Bad: CustomTestStringConvertible {
        var label: String
        var method: String
        var path: String
        var body: String
        var status: Int
        var fields: [String]
        var testDescription: String { label }
    }

    static let position = "/v1/teams/T1/position"
    static let cases: [Bad] = [
        Bad(label: "malformed JSON", method: "PUT", path: position, body: #"{"lat": 39.7,"#, status: 400, fields: []),
        Bad(label: "not an object", method: "PUT", path: position, body: "[1,2]", status: 400, fields: []),
        Bad(label: "empty body", method: "PUT", path: position, body: "", status: 400, fields: []),
        Bad(label: "wrong type", method: "PUT", path: position, body: #"{"lat":"39.7","lon":-104.9,"fix_at":"\#(TestClock.ago(290))"}"#, status: 422, fields: ["lat"]),
        Bad(label: "boolean for a number", method: "PUT", path: position, body: #"{"lat":true,"lon":-104.9,"fix_at":"\#(TestClock.ago(290))"}"#, status: 422, fields: ["lat"]),
        Bad(label: "latitude out of range", method: "PUT", path: position, body: #"{"lat":91,"lon":-104.9,"fix_at":"\#(TestClock.ago(290))"}"#, status: 422, fields: ["lat"]),
        Bad(label: "longitude out of range", method: "POST", path: "/v1/recommendations", body: #"{"lat":39,"lon":-181}"#, status: 422, fields: ["lon"]),
        Bad(label: "missing field", method: "PUT", path: position, body: #"{"lat":39.7,"lon":-104.9}"#, status: 422, fields: ["fix_at"]),
        Bad(label: "bad time", method: "PUT", path: position, body: #"{"lat":39.7,"lon":-104.9,"fix_at":"yesterday"}"#, status: 422, fields: ["fix_at"]),
        Bad(label: "unknown status", method: "PUT", path: "/v1/teams/T1/status", body: #"{"status":"napping","at":"\#(TestClock.ago(290))"}"#, status: 422, fields: ["status"]),
        Bad(label: "unknown facility kind", method: "POST", path: "/v1/recommendations", body: #"{"lat":39.7,"lon":-104.9,"kind":["spa"]}"#, status: 422, fields: ["kind"]),
        Bad(label: "unknown field", method: "PUT", path: position, body: #"{"lat":39.7,"lon":-104.9,"fix_at":"\#(TestClock.ago(290))","lattitude":1}"#, status: 422, fields: ["lattitude"]),
        Bad(label: "several problems at once", method: "POST", path: "/v1/recommendations", body: #"{"lat":"x","lon":500,"limit":0}"#, status: 422, fields: ["lat", "lon", "limit"]),
        Bad(label: "negative beds", method: "PUT", path: "/v1/facilities/F1/availability", body: #"{"beds_available":-1,"updated_at":"\#(TestClock.ago(290))"}"#, status: 422, fields: ["beds_available"]),
        Bad(label: "fractional beds", method: "PUT", path: "/v1/facilities/F1/availability", body: #"{"beds_available":1.5,"updated_at":"\#(TestClock.ago(290))"}"#, status: 422, fields: ["beds_available"]),
        Bad(label: "facility of an unknown kind", method: "PUT", path: "/v1/facilities/F1", body: ServerFixture.feature(-104.9, 39.8, #""name":"X","kind":"spa","timezone":"America/Denver""#), status: 422, fields: ["kind"]),
        Bad(label: "facility whose body names another id", method: "PUT", path: "/v1/facilities/F1", body: ServerFixture.feature(-104.9, 39.8, #""id":"F2","name":"X","kind":"shelter","timezone":"America/Denver""#), status: 422, fields: ["id"]),
        Bad(label: "call without a category", method: "POST", path: "/v1/calls", body: ServerFixture.feature(-104.9, 39.8, #""received_at":"2026-11-30T10:00:00Z""#), status: 422, fields: ["category"]),
        Bad(label: "bad query parameter", method: "GET", path: "/v1/teams/nearest?lat=abc&lon=-104.9", body: "", status: 422, fields: ["lat"]),
        Bad(label: "unknown query parameter", method: "GET", path: "/v1/facilities/nearest?lat=39&lon=-104.9&radius=5", body: "", status: 422, fields: ["radius"]),
    ]

    @Test func badInputIsAProblemAndWritesNothing() throws {
        let server = try LiveServer()
        let before = try server.send("GET", "/v1/teams/T1", as: "admin").text
        let facilityBefore = try server.send("GET", "/v1/facilities/F1", as: "admin").text
        for bad in Self.cases {
            let answer = try server.client.send(bad.method, bad.path, key: server.keys["admin"], body: bad.body.isEmpty && bad.method == "GET" ? nil : bad.body)
            #expect(answer.status == bad.status, "\(bad.label): \(answer)")
            #expect(answer.contentType == "application/problem+json", "\(bad.label)")
            #expect(answer.object["status"] as? Int == bad.status && answer.object["title"] is String, "\(bad.label): \(answer)")
            #expect(Set(answer.problemFields) == Set(bad.fields), "\(bad.label): \(answer)")
            #expect(!answer.text.contains("Swift") && !answer.text.contains(".swift"), "\(bad.label) leaks internals: \(answer)")
        }
        #expect(try server.send("GET", "/v1/teams/T1", as: "admin").text == before, "a refused update changed the team")
        #expect(try server.send("GET", "/v1/facilities/F1", as: "admin").text == facilityBefore)
        #expect(try server.send("GET", "/v1/calls/C-anything", as: "admin").status == 404)
    }

    @Test func oversizedBodiesAre413() throws {
        let server = try LiveServer()
        let huge = #"{"lat":39.7,"lon":-104.9,"needs":[""# + String(repeating: "x", count: 100_000) + #""]}"#
        let answer = try server.client.send("POST", "/v1/recommendations", key: server.keys["dispatcher"], body: huge)
        #expect(answer.status == 413, "\(answer)")
        #expect(answer.contentType == "application/problem+json")
    }

    @Test func unknownRoutesAndMissingRecordsAre404Problems() throws {
        let server = try LiveServer()
        for path in ["/v1/nothing", "/v1/teams/T404", "/v1/facilities/F404"] {
            let answer = try server.send("GET", path, as: "admin")
            #expect(answer.status == 404, "\(path): \(answer)")
            #expect(answer.contentType == "application/problem+json")
        }
        let update = try server.send("PUT", "/v1/teams/T404/position", as: "admin", body: #"{"lat":1,"lon":1,"fix_at":"\#(TestClock.ago(290))"}"#)
        #expect(update.status == 404)
    }
}
