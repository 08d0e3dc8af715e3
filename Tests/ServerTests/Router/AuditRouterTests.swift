import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
import TestSupport
@testable import Server

/// The audit trail cannot be skipped: writes to live state are in it with
/// their subject, queries are normalised, and while its queue is full the
/// routes that hand out a person's call refuse rather than answer unaudited.
@Suite struct AuditRouterTests {
    @Test func facilityAndAvailabilityWritesAreAuditedWithTheFacility() async throws {
        let fixture = try await RouterFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/facilities/F1/availability", method: .put, headers: fixture.headers(.admin, json: true),
                                     body: ByteBuffer(string: #"{"beds_available":3,"updated_at":"\#(TestClock.ago(60))"}"#)) { response in
                #expect(response.status == .ok, "\(response.text)")
            }
            try await client.execute(uri: "/v1/facilities/F2", method: .delete, headers: fixture.headers(.admin)) { response in
                #expect(response.status == .ok || response.status == .noContent, "\(response.text)")
            }
        }
        let entries = try await fixture.auditEntries()
        #expect(entries.map { "\($0.method) \($0.endpoint) \($0.subject ?? "-") \($0.outcome)" } == [
            "PUT /v1/facilities/{id}/availability F1 ok",
            "DELETE /v1/facilities/{id} F2 ok",
        ])
    }

    @Test func theQueryIsNormalisedSoNoValueCanForgeAParameter() async throws {
        let fixture = try await RouterFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/teams/nearest?lon=-104.99&lat=39.74&lat=39.75&k=2%26admin%3D1", method: .get,
                                     headers: fixture.headers(.dispatcher)) { _ in }
        }
        let entry = try #require(try await fixture.auditEntries().first)
        #expect(entry.query == "k=2%26admin%3D1&lat=39.75&lon=-104.99", "sorted, the last of a repeated name, & and = escaped")
    }

    @Test func aFullQueueRefusesCallReadsWith503AndRecoversOnceWritten() async throws {
        let fixture = try await RouterFixture(auditCapacity: 2)
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/v1/calls/C1", method: .get, headers: fixture.headers(.dispatcher)) { #expect($0.status == .ok) }
            }
            #expect(!fixture.services.audit.hasRoom)
            try await client.execute(uri: "/v1/calls/C1", method: .get, headers: fixture.headers(.dispatcher)) { response in
                #expect(response.status == .serviceUnavailable, "\(response.text)")
                #expect(response.headers[.retryAfter] == "2")
                #expect(response.object["type"] as? String == "/problems/audit-backlog")
                #expect(!response.text.contains("C1"), "nothing of the call is served unaudited")
            }
            try await client.execute(uri: "/v1/recommendations", method: .post, headers: fixture.headers(.dispatcher, json: true),
                                     body: ByteBuffer(string: #"{"lat":39.74,"lon":-104.99}"#)) { #expect($0.status == .serviceUnavailable) }
            // Routes that hand out no one's call keep answering.
            try await client.execute(uri: "/v1/teams/T1", method: .get, headers: fixture.headers(.dispatcher)) { #expect($0.status == .ok) }

            await fixture.services.audit.flush()
            try await client.execute(uri: "/v1/calls/C1", method: .get, headers: fixture.headers(.dispatcher)) { #expect($0.status == .ok) }
        }
        let entries = try await fixture.auditEntries()
        #expect(entries.map(\.status) == [200, 200, 200], "the two before the queue filled and the one after it was written")
    }
}
