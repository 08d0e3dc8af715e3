import Foundation
import Testing
import TestSupport

/// Timestamped live updates, the registry feeding the resident engine, and
/// the event stream.
@Suite struct LiveStateTests {
    @Test func outOfOrderPositionsAreIgnoredAndSaySo() throws {
        let server = try LiveServer()
        let newerFix = TestClock.ago(90)
        let newer = #"{"lat":39.76,"lon":-104.97,"fix_at":"\#(newerFix)"}"#
        let older = #"{"lat":39.60,"lon":-105.20,"fix_at":"\#(TestClock.ago(190))"}"#
        let first = try server.send("PUT", "/v1/teams/T1/position", as: "device", body: newer)
        #expect(first.status == 200 && first.object["applied"] as? Bool == true, "\(first)")
        let late = try server.send("PUT", "/v1/teams/T1/position", as: "device", body: older)
        #expect(late.object["applied"] as? Bool == false && late.object["reason"] as? String == "older_than_stored", "\(late)")
        let team = try server.send("GET", "/v1/teams/T1", as: "dispatcher").object
        #expect((team["geometry"] as? [String: Any])?["coordinates"] as? [Double] == [-104.97, 39.76])
        #expect((team["properties"] as? [String: Any])?["fix_at"] as? String == newerFix)

        let status = try server.send("PUT", "/v1/teams/T1/status", as: "device", body: #"{"status":"on_scene","at":"2026-11-30T10:00:00Z"}"#)
        #expect(status.object["applied"] as? Bool == true)
        let staleStatus = try server.send("PUT", "/v1/teams/T1/status", as: "device", body: #"{"status":"available","at":"2026-11-30T09:00:00Z"}"#)
        #expect(staleStatus.object["applied"] as? Bool == false)
    }

    @Test func theEngineSeesUpdatesAtOnce() throws {
        let server = try LiveServer()
        let query = #"{"lat":39.74,"lon":-104.99,"limit":3}"#
        func teamIDs() throws -> [String] {
            let teams = try server.send("POST", "/v1/recommendations", as: "dispatcher", body: query).object["teams"] as? [String: Any]
            return (teams?["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(try teamIDs() == ["T2"], "T1's fix is stale, T3 is on scene")
        _ = try server.send("PUT", "/v1/teams/T1/position", as: "deviceT1", body: #"{"lat":39.74,"lon":-104.99,"fix_at":"\#(TestClock.ago(290))"}"#)
        #expect(try teamIDs() == ["T1", "T2"])
        _ = try server.send("PUT", "/v1/teams/T2/status", as: "dispatcher", body: #"{"status":"dispatched","at":"2026-11-30T10:00:00Z"}"#)
        #expect(try teamIDs() == ["T1"])

        // A facility added through the registry is recommended; deleted, it is gone.
        let facility = ServerFixture.feature(-104.99, 39.741, #""name":"Next Door","kind":"outpatient","timezone":"America/Denver""#)
        #expect(try server.send("PUT", "/v1/facilities/F7", as: "admin", body: facility).status == 201)
        #expect(try server.send("PUT", "/v1/facilities/F7", as: "admin", body: facility).status == 200)
        func facilityIDs() throws -> [String] {
            let answer = try server.send("GET", "/v1/facilities/nearest?lat=39.74&lon=-104.99&limit=1&kind=outpatient", as: "clinician")
            return (answer.object["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(try facilityIDs() == ["F7"])
        #expect(try server.send("DELETE", "/v1/facilities/F7", as: "admin").status == 204)
        #expect(try facilityIDs() == ["F2"])
        #expect(try server.send("GET", "/v1/facilities/F7", as: "admin").status == 404)
    }

    @Test func theEventStreamDeliversAChange() throws {
        let server = try LiveServer()
        let text = try server.client.stream("/v1/teams/stream", key: server.keys["dispatcher"]!, readFor: 20, until: "\"id\":\"T3\"") {
            let answer = try server.send("PUT", "/v1/teams/T3/status", as: "dispatcher", body: #"{"status":"available","at":"2026-11-30T10:00:00Z"}"#)
            #expect(answer.object["applied"] as? Bool == true)
        }
        #expect(text.contains("content-type: text/event-stream") || text.contains("Content-Type: text/event-stream"), "\(text.prefix(300))")
        #expect(text.contains("event: team"), "\(text)")
        #expect(text.contains(#""change":"status""#) && text.contains(#""status":"available""#), "\(text)")
    }

    @Test func callsAreLoggedAndReadBack() throws {
        let server = try LiveServer()
        let call = ServerFixture.feature(-104.95, 39.71, #""id":"C9","received_at":"2026-11-30T10:00:00Z","category":"suicide_risk","priority":1"#)
        let created = try server.send("POST", "/v1/calls", as: "dispatcher", body: call)
        #expect(created.status == 201 && created.object["id"] as? String == "C9", "\(created)")
        let read = try server.send("GET", "/v1/calls/C9", as: "dispatcher").object
        #expect((read["properties"] as? [String: Any])?["category"] as? String == "suicide_risk")
        let generated = try server.send("POST", "/v1/calls", as: "dispatcher",
                                        body: ServerFixture.feature(-104.95, 39.71, #""received_at":"2026-11-30T10:00:00Z","category":"other""#))
        let id = try #require(generated.object["id"] as? String)
        #expect(try server.send("GET", "/v1/calls/\(id)", as: "admin").status == 200)
    }
}
