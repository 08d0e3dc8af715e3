import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
@testable import Server
import TestSupport

/// PUT /v1/teams/{id}/position and /status in process: dispatchers and
/// devices report, a device only for its own team, and every update is
/// audited with its team and what came of it.
@Suite struct TeamUpdateRouterTests {
    static func position(_ fixAt: String) -> ByteBuffer { ByteBuffer(string: #"{"lat":39.75,"lon":-104.98,"fix_at":"\#(fixAt)"}"#) }

    @Test func aDeviceMovesItsTeamAndAnOlderFixIsIgnored() async throws {
        let fixture = try await RouterFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/teams/T1/position", method: .put, headers: fixture.headers(.device, json: true),
                                     body: Self.position("\(TestClock.ago(290))")) { response in
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.contentType == "application/json")
                #expect(response.text == #"{"applied":true}"#)
            }
            try await client.execute(uri: "/v1/teams/T1/position", method: .put, headers: fixture.headers(.dispatcher, json: true),
                                     body: Self.position("\(TestClock.ago(295))")) { response in
                #expect(response.status == .ok)
                #expect(response.text == #"{"applied":false,"reason":"older_than_stored"}"#)
            }
            try await client.execute(uri: "/v1/teams/T1/status", method: .put, headers: fixture.headers(.device, json: true),
                                     body: ByteBuffer(string: #"{"status":"en_route","at":"\#(TestClock.ago(270))"}"#)) { response in
                #expect(response.status == .ok && response.text == #"{"applied":true}"#, "\(response.text)")
            }
        }
        #expect(fixture.services.engine.team(id: "T1")?.status == .enRoute)
        let entries = try await fixture.auditEntries()
        #expect(entries.map { "\($0.role?.rawValue ?? "-") \($0.method) \($0.endpoint) \($0.subject ?? "-") \($0.status) \($0.outcome)" } == [
            "device PUT /v1/teams/{id}/position T1 200 ok",
            "dispatcher PUT /v1/teams/{id}/position T1 200 ignored: older_than_stored",
            "device PUT /v1/teams/{id}/status T1 200 ok",
        ])
        #expect(entries.first?.keyID == fixture.keyIDs[.device])
    }

    @Test func refusalsAre401And403() async throws {
        let fixture = try await RouterFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/teams/T1/position", method: .put, headers: fixture.headers(nil, json: true),
                                     body: Self.position("\(TestClock.ago(290))")) { response in
                #expect(response.status == .unauthorized && response.text == unauthorizedBody)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="crisismap""#)
            }
            try await client.execute(uri: "/v1/teams/T1/status", method: .put, headers: fixture.headers(.planner, json: true),
                                     body: ByteBuffer(string: #"{"status":"en_route","at":"\#(TestClock.ago(270))"}"#)) { response in
                #expect(response.status == .forbidden)
                #expect(response.text == #"{"detail":"PUT /v1/teams/{id}/status is for: admin, device, dispatcher; this key is planner","status":403,"title":"This key's role may not do this","type":"/problems/forbidden"}"#)
            }
            // The role may report, but this device key is bound to T1.
            try await client.execute(uri: "/v1/teams/T2/position", method: .put, headers: fixture.headers(.device, json: true),
                                     body: Self.position("\(TestClock.ago(290))")) { response in
                #expect(response.status == .forbidden)
                #expect(response.object["detail"] as? String == "this device key reports for team T1 only")
            }
            try await client.execute(uri: "/v1/teams/T404/position", method: .put, headers: fixture.headers(.dispatcher, json: true),
                                     body: Self.position("\(TestClock.ago(290))")) { response in
                #expect(response.status == .notFound)
            }
        }
        #expect(fixture.services.engine.team(id: "T2")?.location.latitude == 39.76, "a refused update changes nothing")
    }

    @Test func timesFromAWrongClockAre422AndChangeNothing() async throws {
        let fixture = try await RouterFixture()
        defer { fixture.remove() }
        let before = fixture.services.engine.team(id: "T1")
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/teams/T1/position", method: .put, headers: fixture.headers(.device, json: true),
                                     body: Self.position("2099-01-01T00:00:00Z")) { response in
                #expect(response.status == .unprocessableContent, "\(response.text)")
                let errors = response.object["errors"] as? [[String: Any]]
                #expect(errors?.map { $0["field"] as? String } == ["fix_at"])
                let message = errors?.first?["message"] as? String ?? ""
                #expect(message.contains("years ahead of the clock here") && message.contains("at most 120 s"), "\(message)")
            }
            try await client.execute(uri: "/v1/teams/T1/status", method: .put, headers: fixture.headers(.device, json: true),
                                     body: ByteBuffer(string: #"{"status":"en_route","at":"\#(TestClock.ago(-600))"}"#)) { response in
                #expect(response.status == .unprocessableContent && response.text.contains(#""field":"at""#), "\(response.text)")
            }
            try await client.execute(uri: "/v1/facilities/F1/availability", method: .put, headers: fixture.headers(.admin, json: true),
                                     body: ByteBuffer(string: #"{"beds_available":1,"updated_at":"\#(TestClock.ago(-600))"}"#)) { response in
                #expect(response.status == .unprocessableContent && response.text.contains(#""field":"updated_at""#), "\(response.text)")
            }
            // Drift within the allowance is accepted.
            try await client.execute(uri: "/v1/teams/T1/position", method: .put, headers: fixture.headers(.device, json: true),
                                     body: Self.position(TestClock.ago(-60))) { response in
                #expect(response.status == .ok && response.text == #"{"applied":true}"#, "\(response.text)")
            }
        }
        #expect(fixture.services.engine.team(id: "T1")?.status == before?.status, "the refused status changed nothing")
    }
}
