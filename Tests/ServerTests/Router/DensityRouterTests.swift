import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
@testable import Server

/// GET /v1/density in process: planners' and admins' product, audited with
/// the normalised query.
@Suite struct DensityRouterTests {
    static let exact = "/v1/density?privacy=exact&cell_size=100m&bandwidth=300m"

    @Test func anAdminGetsASuppressedGridAndTheQueryIsAudited() async throws {
        let fixture = try await RouterFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: Self.exact, method: .get, headers: fixture.headers(.admin)) { response in
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.contentType == "application/geo+json")
                #expect(response.object["type"] as? String == "FeatureCollection")
                let features = response.object["features"] as? [[String: Any]] ?? []
                #expect(!features.isEmpty)
                for feature in features {
                    let properties = feature["properties"] as? [String: Any] ?? [:]
                    #expect(properties["suppressed"] as? Bool == true, "two calls never reach 11")
                    #expect(properties["density"] == nil && properties["count"] == nil)
                }
            }
        }
        let entries = try await fixture.auditEntries()
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry.keyID == fixture.keyIDs[.admin] && entry.role == .admin)
        #expect(entry.method == "GET" && entry.endpoint == "/v1/density" && entry.status == 200 && entry.outcome == "ok")
        #expect(entry.query == "bandwidth=300m&cell_size=100m&privacy=exact", "sorted by name")
        #expect(entry.subject == nil, "a grid is about no one record")
    }

    @Test func noKeyIs401AndOtherRolesAre403() async throws {
        let fixture = try await RouterFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/density?since=2026-03", method: .get, headers: fixture.headers(nil)) { response in
                #expect(response.status == .unauthorized && response.text == unauthorizedBody)
            }
            try await client.execute(uri: "/v1/density", method: .get, headers: fixture.headers(.dispatcher)) { response in
                #expect(response.status == .forbidden)
                #expect(response.text.contains("GET /v1/density is for: admin, planner; this key is dispatcher"), "\(response.text)")
            }
            // The role check passes a planner; the route itself refuses what only admins may ask.
            try await client.execute(uri: "/v1/density?privacy=exact", method: .get, headers: fixture.headers(.planner)) { response in
                #expect(response.status == .forbidden)
                #expect(response.text.contains("only an admin key may ask for it"), "\(response.text)")
            }
        }
        let entries = try await fixture.auditEntries()
        #expect(entries.map { "\($0.keyID ?? "-") \($0.role?.rawValue ?? "-") \($0.query ?? "-") \($0.status) \($0.outcome)" } == [
            "- - since=2026-03 401 unauthorized",
            "\(fixture.keyIDs[.dispatcher]!) dispatcher - 403 forbidden",
            "\(fixture.keyIDs[.planner]!) planner privacy=exact 403 forbidden",
        ])
    }
}
