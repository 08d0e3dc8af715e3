import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
import TestSupport
@testable import Server

/// POST /v1/calls creates once; PUT /v1/calls/{id} corrects, and the audit
/// names the call and the fields a correction changed.
@Suite struct CallRouterTests {
    static func call(_ id: String, priority: Int, lat: Double = 39.74, extra: String = "") -> ByteBuffer {
        ByteBuffer(string: #"{"type":"Feature","geometry":{"type":"Point","coordinates":[-104.99,\#(lat)]},"properties":{"id":"\#(id)","received_at":"2026-11-30T10:00:00Z","category":"psychiatric","priority":\#(priority)\#(extra)}}"#)
    }

    @Test func aSecondPostWithTheSameIdIs409AndChangesNothing() async throws {
        let fixture = try await RouterFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/calls", method: .post, headers: fixture.headers(.dispatcher, json: true),
                                     body: Self.call("C9", priority: 2)) { response in
                #expect(response.status == .created, "\(response.text)")
            }
            try await client.execute(uri: "/v1/calls", method: .post, headers: fixture.headers(.dispatcher, json: true),
                                     body: Self.call("C9", priority: 5, lat: 39.9)) { response in
                #expect(response.status == .conflict, "\(response.text)")
                #expect(response.contentType == "application/problem+json")
                #expect((response.object["detail"] as? String)?.contains("PUT /v1/calls/C9") == true)
            }
        }
        let stored = try await fixture.store.calls.record(id: "C9")
        #expect(stored?.priority == 2 && stored?.location.latitude == 39.74, "the refused POST overwrote nothing")
        let entries = try await fixture.auditEntries()
        #expect(entries.map(\.status) == [201, 409])
        #expect(entries.map(\.subject) == ["C9", nil], "a created call's id is its audit subject")
    }

    @Test func aCorrectionIsAuditedWithTheFieldsItChanged() async throws {
        let fixture = try await RouterFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/calls", method: .post, headers: fixture.headers(.dispatcher, json: true),
                                     body: Self.call("C9", priority: 2)) { #expect($0.status == .created) }
            try await client.execute(uri: "/v1/calls/C9", method: .put, headers: fixture.headers(.dispatcher, json: true),
                                     body: Self.call("C9", priority: 4, lat: 39.75, extra: #","disposition":"referred""#)) { response in
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.headers[AuditNote.outcomeHeader] == nil, "audit notes never leave the server")
            }
            try await client.execute(uri: "/v1/calls/C9", method: .put, headers: fixture.headers(.dispatcher, json: true),
                                     body: Self.call("C9", priority: 4, lat: 39.75, extra: #","disposition":"referred""#)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/calls/C404", method: .put, headers: fixture.headers(.dispatcher, json: true),
                                     body: Self.call("C404", priority: 1)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/calls/C9", method: .put, headers: fixture.headers(.dispatcher, json: true),
                                     body: Self.call("C8", priority: 1)) { #expect($0.status == .unprocessableContent) }
            try await client.execute(uri: "/v1/calls/C9", method: .put, headers: fixture.headers(.planner, json: true),
                                     body: Self.call("C9", priority: 1)) { #expect($0.status == .forbidden) }
        }
        #expect(try await fixture.store.calls.record(id: "C9")?.priority == 4)
        let corrections = try await fixture.auditEntries().filter { $0.method == "PUT" }
        #expect(corrections.map(\.outcome) == ["changed: geometry,disposition,priority", "unchanged", "not_found", "invalid", "forbidden"])
        #expect(corrections.allSatisfy { $0.endpoint == "/v1/calls/{id}" })
    }
}
