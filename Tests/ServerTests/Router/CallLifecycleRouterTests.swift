import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
import TestSupport
@testable import Server

/// Assignments, steps, closing and the board, in process: the team's status
/// and the next recommendation follow, device keys move their own team
/// only, refusals say what may happen instead, and everything is audited.
@Suite struct CallLifecycleRouterTests {
    static let received = Date().addingTimeInterval(-600)

    static func at(_ minutes: Double) -> String { RFC3339.format(received.addingTimeInterval(minutes * 60)) }

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    static func prepared() async throws -> RouterFixture {
        let fixture = try await RouterFixture()
        var calls = [Fixtures.call("C3"), Fixtures.call("C4", at: .init(uncheckedLatitude: 39.75, longitude: -104.98))]
        for index in calls.indices {
            calls[index].disposition = nil
            calls[index].teamID = nil
            calls[index].receivedAt = received.addingTimeInterval(Double(index) * 60)
        }
        _ = try await fixture.store.calls.upsert(calls)
        return fixture
    }

    @Test func anAssignedTeamIsDispatchedAndExcludedFromTheNextRecommendationAsAssigned() async throws {
        let fixture = try await Self.prepared()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/calls/C3/assignments", method: .post, headers: fixture.headers(.dispatcher, json: true),
                                     body: Self.body(#"{"team_id":"T1","at":"\#(Self.at(1))"}"#)) { response in
                #expect(response.status == .created, "\(response.text)")
                #expect(response.object["state"] as? String == "assigned")
                #expect(response.object["teams"] as? [[String: String]] == [["step": "assigned", "team_id": "T1"]])
            }
            #expect(fixture.services.engine.team(id: "T1")?.status == .dispatched)
            for (role, callID) in [(APIRole.dispatcher, "C3" as String?), (.clinician, nil)] {
                try await client.execute(uri: "/v1/recommendations", method: .post, headers: fixture.headers(role, json: true),
                                         body: Self.body(#"{"lat":39.7392,"lon":-104.9903}"#)) { response in
                    let teams = response.object["teams"] as? [String: Any] ?? [:]
                    #expect((teams["results"] as? [[String: Any]])?.map { $0["id"] as? String } == ["T2"])
                    let excluded = (teams["excluded"] as? [[String: Any]])?.first
                    #expect(excluded?["id"] as? String == "T1")
                    #expect(excluded?["reasons"] as? [String] == ["not_available", "assigned"])
                    #expect(excluded?["call_id"] as? String == callID, "the call id is for dispatchers only (\(role))")
                }
            }
        }
    }

    @Test func stepsGoForwardOnlyAndDeviceKeysMoveTheirOwnTeam() async throws {
        let fixture = try await Self.prepared()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let dispatcher = fixture.headers(.dispatcher, json: true), device = fixture.headers(.device, json: true)
            for team in ["T1", "T2"] {
                try await client.execute(uri: "/v1/calls/C3/assignments", method: .post, headers: dispatcher,
                                         body: Self.body(#"{"team_id":"\#(team)","at":"\#(Self.at(1))"}"#)) { #expect($0.status == .created) }
            }
            try await client.execute(uri: "/v1/calls/C3/assignments/T1", method: .put, headers: device,
                                     body: Self.body(#"{"step":"on_scene","at":"\#(Self.at(8))"}"#)) { response in
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.object["response_s"] as? Double == 480)
                #expect(response.object["state"] as? String == "on_scene")
            }
            try await client.execute(uri: "/v1/calls/C3/assignments/T2", method: .put, headers: device,
                                     body: Self.body(#"{"step":"en_route","at":"\#(Self.at(2))"}"#)) { response in
                #expect(response.status == .forbidden, "T1's device key may not move T2")
            }
            try await client.execute(uri: "/v1/calls/C3/assignments/T1", method: .put, headers: device,
                                     body: Self.body(#"{"step":"en_route","at":"\#(Self.at(9))"}"#)) { response in
                #expect(response.status == .conflict)
                #expect(response.object["allowed_next"] as? [String] == ["transporting", "cleared"])
            }
            try await client.execute(uri: "/v1/calls/C3/assignments/T1", method: .put, headers: device,
                                     body: Self.body(#"{"step":"transporting","at":"\#(Self.at(9))"}"#)) { response in
                #expect(response.status == .unprocessableContent)
                #expect((response.object["errors"] as? [[String: String]])?.first?["field"] == "facility_id")
            }
            try await client.execute(uri: "/v1/calls/C3/assignments/T1", method: .put, headers: device,
                                     body: Self.body(#"{"step":"cleared","at":"\#(Self.at(3))"}"#)) { response in
                #expect(response.status == .unprocessableContent, "a step before the one it follows")
                #expect((response.object["detail"] as? String)?.contains("before on_scene at") == true)
            }
        }
        #expect(fixture.services.engine.team(id: "T1")?.status == .onScene)
        let entries = try await fixture.auditEntries().filter { $0.endpoint.hasPrefix("/v1/calls/{id}") }
        #expect(entries.map(\.status) == [201, 201, 200, 403, 409, 422, 422])
        #expect(entries.filter { $0.status < 300 }.allSatisfy { $0.subject == "C3" })
    }

    @Test func aTeamOnAnOpenCallNeedsPreemptAndTheBoardShowsOpenCallsOldestFirst() async throws {
        let fixture = try await Self.prepared()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let dispatcher = fixture.headers(.dispatcher, json: true)
            try await client.execute(uri: "/v1/calls/C3/assignments", method: .post, headers: dispatcher,
                                     body: Self.body(#"{"team_id":"T1","at":"\#(Self.at(2))"}"#)) { #expect($0.status == .created) }
            try await client.execute(uri: "/v1/calls/C4/assignments", method: .post, headers: dispatcher,
                                     body: Self.body(#"{"team_id":"T1","at":"\#(Self.at(3))"}"#)) { response in
                #expect(response.status == .conflict)
                #expect(response.object["call_id"] as? String == "C3")
            }
            try await client.execute(uri: "/v1/calls/C4/assignments", method: .post, headers: dispatcher,
                                     body: Self.body(#"{"team_id":"T1","at":"\#(Self.at(3))","preempt":true}"#)) { #expect($0.status == .created) }
            try await client.execute(uri: "/v1/calls?state=open", method: .get, headers: fixture.headers(.dispatcher)) { response in
                #expect(response.status == .ok, "\(response.text)")
                let calls = response.object["calls"] as? [[String: Any]] ?? []
                #expect(calls.map { $0["call_id"] as? String } == ["C3", "C4"], "the fixture's C1 and C2 were imported closed")
                #expect(calls.map { $0["state"] as? String } == ["cleared", "assigned"])
                #expect((calls.first?["age_s"] as? Double ?? 0) >= 599)
            }
            try await client.execute(uri: "/v1/calls/C3/close", method: .post, headers: dispatcher,
                                     body: Self.body(#"{"disposition":"resolved_on_scene","outcomes":["diverted_from_ed"],"at":"\#(Self.at(5))"}"#)) { response in
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.object["state"] as? String == "closed")
            }
            try await client.execute(uri: "/v1/calls/C4/close", method: .post, headers: dispatcher,
                                     body: Self.body(#"{"disposition":"referred","at":"\#(Self.at(5))"}"#)) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/v1/calls/C4/cancel", method: .post, headers: dispatcher,
                                     body: Self.body(#"{"reason":"caller_declined","at":"\#(Self.at(6))"}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/calls/C3", method: .get, headers: fixture.headers(.dispatcher)) { response in
                let properties = response.object["properties"] as? [String: Any] ?? [:]
                #expect(properties["state"] as? String == "closed")
                let timeline = properties["timeline"] as? [[String: Any]] ?? []
                #expect(timeline.map { $0["event"] as? String } == ["assigned", "cleared", "closed"])
                #expect(timeline[1]["reason"] as? String == "preempted")
                #expect(timeline.allSatisfy { $0["key_id"] as? String == fixture.keyIDs[.dispatcher] })
            }
            try await client.execute(uri: "/v1/calls?state=open", method: .get, headers: fixture.headers(.dispatcher)) { response in
                #expect((response.object["calls"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/v1/calls?state=open", method: .get, headers: fixture.headers(.planner)) { #expect($0.status == .forbidden) }
        }
        #expect(fixture.services.engine.team(id: "T1")?.status == .available)
        #expect(fixture.services.engine.assignedCall(teamID: "T1") == nil)
    }
}
