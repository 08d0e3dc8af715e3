import Foundation
import Testing

/// Health, metrics, the audit trail and a graceful shutdown.
@Suite struct OperationsTests {
    @Test func healthAndMetricsNeedNoKey() throws {
        let server = try LiveServer()
        let health = try server.client.send("GET", "/healthz")
        #expect(health.status == 200 && health.object["status"] as? String == "ok")
        _ = try server.send("POST", "/v1/recommendations", as: "dispatcher", body: #"{"lat":39.74,"lon":-104.99}"#)
        _ = try server.send("POST", "/v1/recommendations", as: "planner", body: #"{"lat":39.74,"lon":-104.99}"#)
        let metrics = try server.client.send("GET", "/metrics")
        #expect(metrics.status == 200 && metrics.contentType.hasPrefix("text/plain"))
        let text = metrics.text
        #expect(text.contains(#"http_route="/v1/recommendations""#), "\(text.prefix(2000))")
        #expect(text.contains(#"http_response_status_code="403""#), "refused requests are counted too")
        #expect(text.contains("http_server_request_duration_bucket"), "a latency histogram per route")
        #expect(text.contains("crisismap_audit_pending "), "the audit queue's length")
        #expect(text.contains("crisismap_audit_dropped_total "), "entries the full queue could not take")
    }

    @Test func auditedRequestsAreListedByCrisismapAudit() throws {
        let server = try LiveServer()
        _ = try server.send("POST", "/v1/recommendations", as: "dispatcher", body: #"{"lat":39.74,"lon":-104.99}"#)
        _ = try server.send("GET", "/v1/calls/C1", as: "dispatcher")
        _ = try server.send("GET", "/v1/calls/C2", as: "planner")
        _ = try server.client.send("GET", "/v1/calls/C1")
        _ = try server.send("GET", "/v1/facilities/F1", as: "dispatcher")
        var entries: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(10)
        while entries.count < 4, Date() < deadline {
            usleep(100_000)
            entries = try JSONSerialization.jsonObject(with: Data(server.cli("audit", "--json").utf8)) as? [[String: Any]] ?? []
            // The fixture's keys were made with `keys create`, which is audited too.
            entries.removeAll { $0["method"] as? String == "CLI" }
        }
        let lines = entries.map { "\($0["key_id"] as? String ?? "-") \($0["role"] as? String ?? "-") \($0["endpoint"] as? String ?? "") \($0["subject"] as? String ?? "-") \($0["status"] as? Int ?? 0) \($0["outcome"] as? String ?? "")" }
        let dispatcher = server.keyIDs["dispatcher"]!
        let planner = server.keyIDs["planner"]!
        #expect(lines == [
            "\(dispatcher) dispatcher /v1/recommendations - 200 ok",
            "\(dispatcher) dispatcher /v1/calls/{id} C1 200 ok",
            "\(planner) planner /v1/calls/{id} C2 403 forbidden",
            "- - /v1/calls/{id} C1 401 unauthorized",
        ], "the facility read is not call data and is not audited")
        #expect(entries.allSatisfy { ($0["at"] as? String)?.hasSuffix("Z") == true })
        let since = try server.cli("audit", "--since", "2099-01-01T00:00:00Z")
        #expect(since.contains("no audit entries"))
    }

    @Test func jsonLogsAreOneObjectPerLine() throws {
        let server = try LiveServer(serveArguments: ["--log-format", "json", "--log-level", "debug"])
        _ = try server.send("GET", "/v1/facilities/F1", as: "admin")
        #expect(server.terminate() == 0)
        let lines = server.errorOutput().split(separator: "\n")
        #expect(lines.count > 3)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] is String && object?["message"] is String && (object?["time"] as? String)?.hasSuffix("Z") == true, "\(line)")
        }
        #expect(lines.contains { $0.contains("\"hb.request.path\":\"/v1/facilities/F1\"") }, "request logs carry their fields")
    }

    @Test func aSecondServerOnTheSamePortSaysSo() throws {
        let server = try LiveServer()
        #expect {
            try LiveServer.run(["serve", "--port", String(server.client.port), "--db", server.db], in: server.directory)
        } throws: { error in
            "\(error)".contains("exited 1") && "\(error)".contains("is already in use (another crisismap serve?)")
        }
    }

    @Test func sigtermLetsARequestInFlightFinish() throws {
        let server = try LiveServer(extra: PrivatePlannerAPITests.extra)
        var status: Int32?
        // A large map takes the server a while to draw: SIGTERM arrives while it does.
        let answer = try server.client.send("GET", "/v1/heatmap.png?width=4000&height=4000", key: server.keys["planner"]) {
            usleep(150_000)
            kill(server.pid, SIGTERM)
        }
        status = server.waitForExit()
        #expect(answer.status == 200 && answer.contentType == "image/png", "\(answer.status) \(answer.contentType)")
        #expect(answer.body.count == Int(answer.headers["content-length"] ?? "") , "the whole body arrived")
        #expect(answer.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(status == 0)
        #expect(throws: (any Error).self, "no new connection is taken after shutdown") { try server.client.send("GET", "/healthz") }
    }

    @Test func sigtermClosesStreamsFlushesTheAuditAndExitsZero() throws {
        let server = try LiveServer()
        var status: Int32?
        _ = try server.client.stream("/v1/teams/stream", key: server.keys["dispatcher"]!, readFor: 20, until: "\u{0}") {
            _ = try server.send("GET", "/v1/calls/C1", as: "dispatcher")
            status = server.terminate()
        }
        #expect(status == 0, "serve should exit 0 on SIGTERM with a stream open")
        let audit = try server.cli("audit")
        #expect(audit.contains("/v1/calls/{id} C1  200 ok"), "the last audit batch must be written at shutdown: \(audit)")
    }
}
