import Foundation
import SpatiaLiteStore
import Store
import Testing
import TestSupport
@testable import Server

/// Each role against each endpoint: allowed ones get past the role check,
/// the others get 403; no key, a wrong key or a revoked key get 401.
@Suite(.serialized) struct AccessTests {
    struct Call {
        var method: String
        var path: String
        var body: String?
        var allowed: Set<String>
    }

    static let roles = ["admin", "dispatcher", "clinician", "planner", "device", "facility"]

    static let calls: [Call] = [
        Call(method: "POST", path: "/v1/recommendations", body: #"{"lat":39.74,"lon":-104.99}"#, allowed: ["admin", "dispatcher", "clinician"]),
        Call(method: "GET", path: "/v1/teams/nearest?lat=39.74&lon=-104.99", allowed: ["admin", "dispatcher", "clinician"]),
        Call(method: "GET", path: "/v1/facilities/nearest?lat=39.74&lon=-104.99", allowed: ["admin", "dispatcher", "clinician"]),
        Call(method: "GET", path: "/v1/facilities?limit=2", allowed: Set(roles)),
        Call(method: "GET", path: "/v1/facilities/F1", allowed: Set(roles)),
        Call(method: "PUT", path: "/v1/facilities/F9", body: ServerFixture.feature(-104.9, 39.8, #""name":"New","kind":"shelter","timezone":"America/Denver""#), allowed: ["admin"]),
        Call(method: "DELETE", path: "/v1/facilities/F404", allowed: ["admin"]),
        Call(method: "PUT", path: "/v1/facilities/F2/availability", body: #"{"beds_available":2,"updated_at":"2026-11-30T10:00:00Z"}"#, allowed: ["admin", "facility"]),
        Call(method: "GET", path: "/v1/teams/T2", allowed: ["admin", "dispatcher", "device"]),
        Call(method: "PUT", path: "/v1/teams/T9", body: ServerFixture.feature(-104.9, 39.8, #""model":"mobile_crisis","status":"off_duty","fix_at":"2026-11-30T10:00:00Z""#), allowed: ["admin", "dispatcher"]),
        Call(method: "DELETE", path: "/v1/teams/T404", allowed: ["admin", "dispatcher"]),
        Call(method: "PUT", path: "/v1/teams/T2/position", body: #"{"lat":39.7,"lon":-104.9,"fix_at":"\#(TestClock.ago(290))"}"#, allowed: ["admin", "dispatcher", "device"]),
        Call(method: "PUT", path: "/v1/teams/T2/status", body: #"{"status":"en_route","at":"2026-11-30T10:00:00Z"}"#, allowed: ["admin", "dispatcher", "device"]),
        Call(method: "POST", path: "/v1/calls", body: ServerFixture.feature(-104.99, 39.74, #""received_at":"2026-11-30T10:00:00Z","category":"other""#), allowed: ["admin", "dispatcher"]),
        Call(method: "GET", path: "/v1/calls/C1", allowed: ["admin", "dispatcher"]),
        Call(method: "GET", path: "/v1/teams/stream", allowed: ["admin", "dispatcher"]),
        Call(method: "GET", path: "/v1/density", allowed: ["admin", "planner"]),
        Call(method: "GET", path: "/v1/heatmap.png?width=400&height=300", allowed: ["admin", "planner"]),
        Call(method: "GET", path: "/v1/areas/underserved", allowed: ["admin", "planner"]),
        Call(method: "GET", path: "/v1/me", allowed: Set(roles)),
        Call(method: "GET", path: "/v1/areas", allowed: ["admin", "dispatcher", "clinician", "planner"]),
        Call(method: "GET", path: "/v1/teams", allowed: ["admin", "dispatcher"]),
    ]

    @Test func everyRoleAgainstEveryEndpoint() throws {
        // Areas and past months' calls, so planner products have releases to answer from.
        let server = try LiveServer(extra: PrivatePlannerAPITests.extra)
        for call in Self.calls {
            for role in Self.roles {
                if call.path.hasSuffix("/stream"), call.allowed.contains(role) {
                    let text = try server.client.stream(call.path, key: server.keys[role]!, readFor: 5, until: ": connected") {}
                    #expect(text.hasPrefix("HTTP/1.1 200"), "\(role) \(call.method) \(call.path): \(text.prefix(200))")
                    continue
                }
                let answer = try server.send(call.method, call.path, as: role, body: call.body)
                if call.allowed.contains(role) {
                    #expect(answer.status < 400 || answer.status == 404, "\(role) \(call.method) \(call.path): \(answer)")
                } else {
                    #expect(answer.status == 403, "\(role) \(call.method) \(call.path): \(answer)")
                    #expect(answer.contentType == "application/problem+json")
                }
            }
        }
    }

    @Test func noKeyAWrongKeyAndARevokedKeyAre401() throws {
        let server = try LiveServer()
        for call in Self.calls {
            let anonymous = try server.client.send(call.method, call.path, body: call.body)
            #expect(anonymous.status == 401, "\(call.method) \(call.path): \(anonymous)")
            #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            let forged = try server.client.send(call.method, call.path, key: "cmk_\(server.keyIDs["admin"]!)_not-the-secret", body: call.body)
            #expect(forged.status == 401, "\(call.method) \(call.path): \(forged)")
        }
        #expect(try server.send("GET", "/v1/calls/C1", as: "dispatcher").status == 200)
        _ = try server.cli("keys", "revoke", server.keyIDs["dispatcher"]!)
        #expect(try server.send("GET", "/v1/calls/C1", as: "dispatcher").status == 401, "a revoked key must fail at once")
        #expect(try server.cli("keys", "list").contains("REVOKED"))
    }

    @Test func boundKeysReachOnlyTheirOwnRecord() throws {
        let server = try LiveServer()
        let beds = #"{"beds_available":1,"updated_at":"2026-11-30T10:00:00Z"}"#
        #expect(try server.send("PUT", "/v1/facilities/F1/availability", as: "facilityF1", body: beds).status == 200)
        #expect(try server.send("PUT", "/v1/facilities/F2/availability", as: "facilityF1", body: beds).status == 403)
        let fix = #"{"lat":39.7,"lon":-104.9,"fix_at":"\#(TestClock.ago(290))"}"#
        #expect(try server.send("PUT", "/v1/teams/T1/position", as: "deviceT1", body: fix).status == 200)
        #expect(try server.send("PUT", "/v1/teams/T2/position", as: "deviceT1", body: fix).status == 403)
    }

    @Test func deviceKeysAreBoundToATeamOrSayAllTeams() async throws {
        let server = try LiveServer()
        #expect(throws: (any Error).self) { try server.cli("keys", "create", "--role", "device", "--name", "van 7") }
        do { _ = try server.cli("keys", "create", "--role", "device", "--name", "van 7") } catch {
            #expect("\(error)".contains("needs --team ID") && "\(error)".contains("--all-teams"), "\(error)")
        }
        // A key made before binding was required: it keeps working, for every team, and is flagged.
        let store = try SpatiaLiteStore(path: server.db)
        let (old, secret) = KeySecret.generate(name: "old van", role: .device)
        try await store.keys.insert(old)
        await store.close()
        let fix = #"{"lat":39.7,"lon":-104.9,"fix_at":"\#(TestClock.ago(290))"}"#
        #expect(try server.client.send("PUT", "/v1/teams/T2/position", key: secret, body: fix).status == 200)
        let listed = try JSONSerialization.jsonObject(with: Data(server.cli("keys", "list", "--json").utf8)) as? [[String: Any]] ?? []
        let byName = Dictionary(listed.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["old van"]?["unbound_device"] as? Bool == true)
        #expect(byName["device"]?["all_teams"] as? Bool == true && byName["device"]?["unbound_device"] == nil)
        #expect(byName["deviceT1"]?["team_id"] as? String == "T1" && byName["deviceT1"]?["all_teams"] as? Bool == false)
        let text = try server.cli("keys", "list")
        #expect(text.split(separator: "\n").contains { $0.contains("old van") && $0.contains("UNBOUND") }, "\(text)")
        #expect(!text.split(separator: "\n").contains { $0.contains("deviceT1") && $0.contains("UNBOUND") })
    }

    @Test func plannersNeverReceiveASingleCallsLocation() throws {
        let server = try LiveServer()
        for path in ["/v1/calls/C1", "/v1/calls/C2"] {
            let answer = try server.send("GET", path, as: "planner")
            #expect(answer.status == 403)
            #expect(!answer.text.contains("39.74") && !answer.text.contains("-104.99"), "\(answer)")
        }
        let call = try server.send("GET", "/v1/calls/C1", as: "dispatcher")
        #expect(call.status == 200)
        #expect((call.object["geometry"] as? [String: Any])?["coordinates"] as? [Double] == [-104.99, 39.74])
    }
}
