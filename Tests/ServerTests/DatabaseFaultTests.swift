import Foundation
import Testing
import TestSupport

/// The database goes away mid-load and comes back: requests get a quick
/// 503, probes tell liveness from readiness, the server recovers by itself,
/// and every write it acknowledged is still there.
@Suite struct DatabaseFaultTests {
    @Test func aCrashedDatabaseMeans503AndRecoveryWithoutLosingAcknowledgedWrites() throws {
        let cluster = try PostgresCluster()
        let server = try LiveServer(database: cluster.url)
        var acknowledged: [String] = []
        var lastFix = ""
        func write(_ index: Int) throws -> HTTPAnswer {
            let call = ServerFixture.feature(-104.95, 39.71, #""id":"K\#(index)","received_at":"2026-11-30T10:00:00Z","category":"psychiatric""#)
            let answer = try server.send("POST", "/v1/calls", as: "dispatcher", body: call)
            if answer.status == 201 { acknowledged.append("K\(index)") }
            let fix = TestClock.ago(250 - Double(index))
            let moved = try server.send("PUT", "/v1/teams/T2/position", as: "dispatcher", body: #"{"lat":39.8,"lon":-104.8,"fix_at":"\#(fix)"}"#)
            if moved.object["applied"] as? Bool == true { lastFix = fix }
            return answer
        }
        for index in 0..<20 { #expect(try write(index).status == 201) }

        try cluster.stopImmediately()
        let started = Date()
        let refused = try server.send("GET", "/v1/calls/K1", as: "dispatcher")
        let took = Date().timeIntervalSince(started)
        #expect(refused.status == 503, "\(refused)")
        #expect(refused.headers["content-type"]?.hasPrefix("application/problem+json") == true, "\(refused.headers)")
        #expect(took < 8, "answered within the 5 s store deadline, not hung: \(took) s")
        #expect(try write(20).status == 503)
        var health: [String: Any] = [:]
        let probeDeadline = Date().addingTimeInterval(5)
        while Date() < probeDeadline {
            health = try server.send("GET", "/healthz").object
            if health["store"] as? String == "down" { break }
            usleep(100_000)
        }
        #expect(health["status"] as? String == "ok" && health["store"] as? String == "down", "liveness stays up: \(health)")
        #expect(try server.send("GET", "/readyz").status == 503)

        try cluster.start()
        var ready = false
        // PostgresNIO's pool backs off between connection attempts (100 ms
        // growing to at most 60 s), so recovery after a long outage can take a minute.
        let readyDeadline = Date().addingTimeInterval(90)
        while Date() < readyDeadline, !ready {
            ready = try server.send("GET", "/readyz").status == 200
            if !ready { usleep(200_000) }
        }
        #expect(ready, "the server recovers by itself")
        for index in 21..<26 { #expect(try write(index).status == 201) }

        let stored = Set(try PostgresTestDatabase.psql(cluster.url, "SELECT id FROM calls WHERE id LIKE 'K%'")
            .split(separator: "\n").map(String.init))
        #expect(Set(acknowledged).isSubset(of: stored), "lost: \(Set(acknowledged).subtracting(stored).sorted())")
        #expect(acknowledged.count == 25)
        let fix = try PostgresTestDatabase.psql(cluster.url, #"SELECT to_char(to_timestamp(fix_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM teams WHERE id = 'T2'"#)
        #expect(fix.trimmingCharacters(in: .whitespacesAndNewlines) == lastFix)
        #expect(server.terminate() == 0, "a clean shutdown after all that")
    }
}
