import Foundation
import Testing
import TestSupport

/// Planner products over HTTP: private by default, whole months only, withheld cells absent,
/// the same bytes however often and from whichever server, exact only for admins, all audited.
@Suite struct PrivatePlannerAPITests {
    static let area = #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-105.02,39.70],[-104.90,39.70],[-104.90,39.78],[-105.02,39.78],[-105.02,39.70]]]},"properties":{"id":"A1","name":"Central","population":40000}},{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-104.90,39.70],[-104.80,39.70],[-104.80,39.78],[-104.90,39.78],[-104.90,39.70]]]},"properties":{"id":"A2","name":"East","population":30000}}]}"#
    static let lonely = (lat: 39.752, lon: -104.83)

    /// 300 clustered calls in March 2026 and the lonely call at 03:12:45 on the 14th.
    static var calls: String {
        var random = SplitMix64(seed: 11)
        var lines = ["id,received_at,category,priority,disposition,team_id,facility_id,lat,lon"]
        for index in 0..<300 {
            let lat = 39.74 + Double.random(in: -0.006...0.006, using: &random), lon = -104.96 + Double.random(in: -0.008...0.008, using: &random)
            lines.append("P\(index),2026-03-\(String(format: "%02d", 1 + index % 28))T12:00:00-07:00,psychiatric,3,referred,,,\(lat),\(lon)")
        }
        lines.append("LONELY,2026-03-14T03:12:45-06:00,overdose,1,arrest,,,\(lonely.lat),\(lonely.lon)")
        return lines.joined(separator: "\n") + "\n"
    }

    static var extra: [(String, String, String)] { [("areas", "areas.geojson", area), ("calls", "past.csv", calls)] }

    @Test func thePlannerAttacksRecoverNothing() throws {
        let server = try LiveServer(extra: Self.extra)
        // 1: tiny cells around the isolated call.
        let box = "-104.85,39.74,-104.81,39.76"
        let tiny = try server.send("GET", "/v1/density?bbox=\(box)&cell_size=10m&bandwidth=1m", as: "planner")
        #expect(tiny.status == 422 && tiny.problemFields == ["cell_size"] || tiny.status == 422, "\(tiny)")
        let near = try server.send("GET", "/v1/density?bbox=-104.84,39.747,-104.82,39.757&since=2026-03&until=2026-03", as: "planner")
        #expect(near.status == 200, "\(near)")
        #expect((near.object["features"] as? [Any])?.isEmpty == true, "no feature near the lonely call")
        #expect(!near.text.contains("suppressed"))
        // 2: exact totals narrowing in on its time and category.
        for query in ["since=2026-03-14T03:00:00-06:00&until=2026-03-14T04:00:00-06:00", "since=30d", "until=2026-03-15"] {
            let narrowed = try server.send("GET", "/v1/density?\(query)", as: "planner")
            #expect(narrowed.status == 422 && narrowed.text.contains("whole months"), "\(query): \(narrowed)")
        }
        let overdose = try server.send("GET", "/v1/density?since=2026-03&until=2026-03&category=overdose", as: "planner")
        let header = overdose.object["crisismap"] as? [String: Any] ?? [:]
        #expect(overdose.status == 200 && header["calls"] == nil && header["privacy"] as? String == "private", "\(header)")
        // 3: a one-call area's figures.
        let ranking = try server.send("GET", "/v1/areas/underserved?since=2026-03&until=2026-03", as: "planner")
        let rows = ranking.object["rows"] as? [[String: Any]] ?? []
        let east = rows.first { $0["area_id"] as? String == "A2" } ?? [:]
        #expect(ranking.status == 200 && east["calls"] == nil && east["arrest_share"] == nil && east["eta_p50_s"] == nil, "\(east)")
        let fine = try server.send("GET", "/v1/areas/underserved?since=2026-03-14T03:12:00-06:00&until=2026-03-14T03:13:00-06:00", as: "planner")
        #expect(fine.status == 422, "\(fine)")
        // Exact is for admins only, and says so.
        let refused = try server.send("GET", "/v1/density?privacy=exact", as: "planner")
        #expect(refused.status == 403, "\(refused)")
        let exact = try server.send("GET", "/v1/density?privacy=exact&cell_size=250m&bandwidth=750m&min_count=1", as: "admin")
        #expect(exact.status == 200 && exact.text.contains("exact: not for publication"), "\(exact.status)")
        // Every planner request is audited with its parameters.
        var audit = ""
        let deadline = Date().addingTimeInterval(10)
        repeat {
            audit = try server.cli("audit", "--json")
            if audit.contains("privacy=exact") { break }
            usleep(200_000)
        } while Date() < deadline
        #expect(audit.contains("/v1/density") && audit.contains("privacy=exact") && audit.contains("since=2026-03"), "\(audit.suffix(600))")
    }

    @Test func theCurrentMonthIsInNoAnswer() throws {
        let server = try LiveServer(extra: Self.extra)
        let month = { () -> String in
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "America/Denver")!
            let parts = calendar.dateComponents([.year, .month], from: Date())
            return String(format: "%04d-%02d", parts.year!, parts.month!)
        }()
        let answer = try server.send("GET", "/v1/density?since=\(month)&until=\(month)", as: "planner")
        #expect(answer.status == 422 && answer.text.contains("not released"), "\(answer)")
    }

    /// 4 (differencing) is answered by fixed noise: the same request gives the same bytes,
    /// after a restart and from a second server on the same PostGIS database.
    @Test func answersAreByteIdenticalAcrossRestartsAndServers() throws {
        let database = try PostgresTestDatabase()
        let a = try LiveServer(database: database.url, extra: Self.extra)
        let paths = ["/v1/density?since=2026-03&until=2026-03", "/v1/areas/underserved?since=2026-03&until=2026-03",
                     "/v1/density?since=2026-03&until=2026-03&hours=18-06&days=sat,sun"]
        let first = try paths.map { try a.send("GET", $0, as: "planner") }
        for answer in first { #expect(answer.status == 200, "\(answer)") }
        let b = try LiveServer(sharing: a)
        for (path, answer) in zip(paths, first) {
            #expect(try b.send("GET", path, as: "planner").body == answer.body, "\(path) on the second server")
            #expect(try a.send("GET", path, as: "planner").body == answer.body, "\(path) asked again")
        }
        _ = a.terminate()
        let restarted = try LiveServer(sharing: b)
        for (path, answer) in zip(paths, first) {
            #expect(try restarted.send("GET", path, as: "planner").body == answer.body, "\(path) after a restart")
        }
        // An edit of a released month's call changes nothing.
        let moved = "id,received_at,category,priority,disposition,team_id,facility_id,lat,lon\nLONELY,2026-03-14T03:12:45-06:00,overdose,1,arrest,,,39.74,-104.96\n"
        try moved.write(toFile: restarted.directory.appendingPathComponent("moved.csv").path, atomically: true, encoding: .utf8)
        _ = try restarted.cli("import", "calls", restarted.directory.appendingPathComponent("moved.csv").path)
        for (path, answer) in zip(paths, first) {
            #expect(try restarted.send("GET", path, as: "planner").body == answer.body, "\(path) after the edit")
        }
    }
}
