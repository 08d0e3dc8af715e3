import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TestSupport
@testable import Server

/// API answers are never cached, metrics are for loopback, and the request
/// log never carries a query string.
@Suite struct ResponseHeaderRouterTests {
    @Test func apiAnswersAndProblemsAreNoStore() async throws {
        let fixture = try await RouterFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/v1/teams/T1", method: .get, headers: fixture.headers(.dispatcher)) { response in
                #expect(response.status == .ok && response.headers[.cacheControl] == "no-store")
            }
            try await client.execute(uri: "/v1/calls/C1", method: .get, headers: fixture.headers(nil)) { response in
                #expect(response.status == .unauthorized && response.headers[.cacheControl] == "no-store")
            }
            // A peer that is not loopback (the in-process client has no address) is not shown metrics.
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func metricsAreForLoopbackAndNamedHosts() {
        #expect(MetricsAccess().admits("127.0.0.1") && MetricsAccess().admits("::1"))
        #expect(!MetricsAccess().admits("10.0.0.5") && !MetricsAccess().admits(nil))
        #expect(MetricsAccess(hosts: ["10.0.0.5"]).admits("10.0.0.5") && !MetricsAccess(hosts: ["10.0.0.5"]).admits("10.0.0.6"))
        #expect(MetricsAccess(hosts: ["*"]).admits("203.0.113.9"))
    }

    @Test func theRequestLogNeverCarriesTheQueryString() {
        let head = HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1",
                               path: "/v1/recommendations/team?lat=39.7412&lon=-104.9876&needs=spanish")
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer()))
        let metadata = RequestLogMiddleware.metadata(request, status: 200, milliseconds: 1.5)
        let text = metadata.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        #expect(!text.contains("39.7412") && !text.contains("-104.9876") && !text.contains("spanish"), "\(text)")
        #expect(metadata["hb.request.path"] == .string("/v1/recommendations/team"))
        #expect(metadata["query"] == .string("redacted (3 parameters)"))
    }
}
