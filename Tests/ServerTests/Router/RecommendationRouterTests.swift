import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
@testable import Server

/// POST /v1/recommendations in process: dispatchers and clinicians get teams
/// and facilities; every attempt, refused or not, is in the audit trail.
@Suite struct RecommendationRouterTests {
    static let body = ByteBuffer(string: #"{"lat":39.74,"lon":-104.99}"#)

    @Test func aDispatcherGetsTeamsAndFacilitiesAndIsAudited() async throws {
        let fixture = try await RouterFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/recommendations", method: .post, headers: fixture.headers(.dispatcher, json: true),
                                     body: Self.body) { response in
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.contentType == "application/json")
                let object = response.object
                #expect(Set(object.keys) == ["teams", "facilities"])
                for part in ["teams", "facilities"] {
                    let answer = object[part] as? [String: Any] ?? [:]
                    #expect(Set(answer.keys) == ["query", "eta_method", "results", "excluded"], "\(part): \(answer.keys)")
                    #expect(answer["eta_method"] as? String == "straight_line")
                }
                let teams = (object["teams"] as? [String: Any])?["results"] as? [[String: Any]] ?? []
                #expect(teams.first?["id"] as? String == "T1", "T1 stands at the query point")
            }
        }
        let entries = try await fixture.auditEntries()
        #expect(entries.map { "\($0.keyID ?? "-") \($0.role?.rawValue ?? "-") \($0.method) \($0.endpoint) \($0.status) \($0.outcome)" } == [
            "\(fixture.keyIDs[.dispatcher]!) dispatcher POST /v1/recommendations 200 ok",
        ])
        #expect(entries.first?.subject == nil)
    }

    @Test func withoutAKeyIs401AndAuditedWithoutACaller() async throws {
        let fixture = try await RouterFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/recommendations", method: .post, headers: fixture.headers(nil, json: true),
                                     body: Self.body) { response in
                #expect(response.status == .unauthorized)
                #expect(response.contentType == "application/problem+json")
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="crisismap""#)
                #expect(response.text == unauthorizedBody)
            }
            var forged = fixture.headers(.admin)
            forged[.authorization] = "Bearer cmk_\(fixture.keyIDs[.admin]!)_not-the-secret"
            try await client.execute(uri: "/v1/recommendations", method: .post, headers: forged, body: Self.body) { response in
                #expect(response.status == .unauthorized && response.text == unauthorizedBody)
            }
        }
        let entries = try await fixture.auditEntries()
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0.keyID == nil && $0.role == nil && $0.status == 401 && $0.outcome == "unauthorized" })
        #expect(entries.allSatisfy { $0.method == "POST" && $0.endpoint == "/v1/recommendations" })
    }

    @Test func aPlannerIs403AndAuditedAsThePlanner() async throws {
        let fixture = try await RouterFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/recommendations", method: .post, headers: fixture.headers(.planner, json: true),
                                     body: Self.body) { response in
                #expect(response.status == .forbidden)
                #expect(response.contentType == "application/problem+json")
                #expect(response.text == #"{"detail":"POST /v1/recommendations is for: admin, clinician, dispatcher; this key is planner","status":403,"title":"This key's role may not do this","type":"/problems/forbidden"}"#)
            }
            try await client.execute(uri: "/v1/recommendations", method: .post, headers: fixture.headers(.clinician, json: true),
                                     body: ByteBuffer(string: #"{"lat":91,"lon":-104.99}"#)) { response in
                #expect(response.status == .unprocessableContent, "\(response.text)")
            }
        }
        let entries = try await fixture.auditEntries()
        #expect(entries.map { "\($0.keyID ?? "-") \($0.role?.rawValue ?? "-") \($0.status) \($0.outcome)" } == [
            "\(fixture.keyIDs[.planner]!) planner 403 forbidden",
            "\(fixture.keyIDs[.clinician]!) clinician 422 invalid",
        ])
    }
}
