import CrisisDispatch
import Foundation
import GeoCore
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import SpatiaLiteStore
import Store
import TestSupport
@testable import Server

/// The server's router, built as `crisismap serve` builds it, over a fresh
/// SpatiaLite store: two facilities, two teams, two calls and one key per
/// role (the device key bound to T1). No socket and no process: what the
/// end-to-end suites prove over loopback, these tests check route by route.
struct RouterFixture {
    let store: SpatiaLiteStore
    let services: APIServices
    let directory: URL
    private let secrets: [APIRole: String]
    let keyIDs: [APIRole: String]

    /// Five minutes old at the fixture's start: fresh for the length of a test,
    /// and older than the updates tests send (`TestClock.ago(< 300)`).
    static var freshFix: Date { Date().addingTimeInterval(-300) }

    /// `auditCapacity`: how many audit entries may wait unwritten (tests of a full queue make it tiny).
    init(auditCapacity: Int = 100_000, planning: PlanningLimits = PlanningLimits()) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("crisismap-router-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SpatiaLiteStore(path: directory.appendingPathComponent("store.sqlite").path, mode: .createIfMissing)
        _ = try await store.facilities.upsert([
            Fixtures.facility("F1"),
            Fixtures.facility("F2", at: Coordinate(uncheckedLatitude: 39.72, longitude: -105.01)),
        ])
        var teams = [Fixtures.team("T1"), Fixtures.team("T2", at: Coordinate(uncheckedLatitude: 39.76, longitude: -104.95))]
        for index in teams.indices { teams[index].fixAt = Self.freshFix }
        _ = try await store.teams.upsert(teams)
        _ = try await store.calls.upsert([
            Fixtures.call("C1"),
            Fixtures.call("C2", at: Coordinate(uncheckedLatitude: 39.73, longitude: -104.97)),
        ])
        var secrets: [APIRole: String] = [:]
        var ids: [APIRole: String] = [:]
        for role in APIRole.allCases {
            let (key, secret) = KeySecret.generate(name: role.rawValue, role: role, teamID: role == .device ? "T1" : nil)
            try await store.keys.insert(key)
            secrets[role] = secret
            ids[role] = key.id
        }
        self.secrets = secrets
        keyIDs = ids
        let engine = try await DispatchEngine.load(from: store)
        services = APIServices(store: store, engine: engine, logger: Logger(label: "router-tests"), planning: planning,
                               auditCapacity: auditCapacity)
    }

    /// The application over `CrisisServer.makeRouter`, for `app.test(.router)`.
    func application() -> some ApplicationProtocol {
        Application(router: CrisisServer.makeRouter(services: services, registry: PrometheusCollectorRegistry(), web: WebSettings()))
    }

    /// `Authorization` for a role's key; none without a role.
    func headers(_ role: APIRole?, json: Bool = false) -> HTTPFields {
        var headers: HTTPFields = [:]
        if let role { headers[.authorization] = "Bearer \(secrets[role]!)" }
        if json { headers[.contentType] = "application/json" }
        return headers
    }

    /// The audit entries so far, oldest first. The trail batches its writes,
    /// so this writes what it holds first, as the server does every 250 ms.
    func auditEntries() async throws -> [AuditEntry] {
        await services.audit.flush()
        return try await store.audit.entries(since: nil, limit: nil)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object (empty when it is not one).
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var contentType: String? { headers[.contentType] }
}

/// The exact 401 body every route answers without a valid key (clients and the fuzz run match it).
let unauthorizedBody =
    #"{"detail":"send `Authorization: Bearer <key>`; create keys with `crisismap keys create`","status":401,"title":"A valid API key is required","type":"/problems/unauthorized"}"#
