import Foundation
import Testing

/// Road ETAs through the server: roads imported beside a running server are
/// picked up without a restart, answers then say `road_network`, and routes
/// come back as GeoJSON LineStrings when asked for.
@Suite(.serialized) struct RoadServerTests {
    /// A grid of two-way residential streets every 0.01° over the fixture's teams and facilities.
    static let grid: String = {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?><osm version="0.6">"# + "\n"
        let lats = stride(from: 39.66, through: 39.80, by: 0.01).map { ($0 * 100).rounded() / 100 }
        let lons = stride(from: -105.08, through: -104.86, by: 0.01).map { ($0 * 100).rounded() / 100 }
        func id(_ row: Int, _ column: Int) -> Int { 1 + row * lons.count + column }
        for (row, lat) in lats.enumerated() {
            for (column, lon) in lons.enumerated() { xml += #"<node id="\#(id(row, column))" lat="\#(lat)" lon="\#(lon)"/>"# + "\n" }
        }
        var way = 1_000
        for row in lats.indices {
            way += 1
            xml += #"<way id="\#(way)">"# + lons.indices.map { #"<nd ref="\#(id(row, $0))"/>"# }.joined()
                + #"<tag k="highway" v="residential"/><tag k="maxspeed" v="40"/></way>"# + "\n"
        }
        for column in lons.indices {
            way += 1
            xml += #"<way id="\#(way)">"# + lats.indices.map { #"<nd ref="\#(id($0, column))"/>"# }.joined()
                + #"<tag k="highway" v="residential"/><tag k="maxspeed" v="40"/></way>"# + "\n"
        }
        return xml + "</osm>\n"
    }()

    @Test func roadsImportedBesideARunningServerAreUsedWithoutARestart() throws {
        let server = try LiveServer(serveArguments: ["--roads-check-s", "1"])
        let body = #"{"lat":39.745,"lon":-104.985,"include_routes":true}"#
        let before = try server.send("POST", "/v1/recommendations", as: "dispatcher", body: body).object
        #expect((before["teams"] as? [String: Any])?["eta_method"] as? String == "straight_line")
        let straightTeams = (before["teams"] as? [String: Any])?["results"] as? [[String: Any]] ?? []
        #expect(!straightTeams.isEmpty)
        #expect(straightTeams.allSatisfy { $0["route"] == nil }, "no route is drawn from a straight-line guess")

        let path = server.directory.appendingPathComponent("grid.osm").path
        try Self.grid.write(toFile: path, atomically: true, encoding: .utf8)
        _ = try server.cli("import", "roads", path)

        var answer: [String: Any] = [:]
        let deadline = Date().addingTimeInterval(20)
        repeat {
            Thread.sleep(forTimeInterval: 0.3)
            answer = try server.send("POST", "/v1/recommendations", as: "dispatcher", body: body).object
        } while (answer["teams"] as? [String: Any])?["eta_method"] as? String != "road_network" && Date() < deadline
        let teams = try #require(answer["teams"] as? [String: Any])
        #expect(teams["eta_method"] as? String == "road_network", "the re-imported roads were picked up")
        let results = teams["results"] as? [[String: Any]] ?? []
        #expect(!results.isEmpty)
        for result in results {
            let route = try #require(result["route"] as? [String: Any], "\(result)")
            #expect(route["type"] as? String == "LineString")
            let points = route["coordinates"] as? [[Double]] ?? []
            #expect(points.count >= 2)
            // The drive ends at the call's snap point on the grid (a street lies within 0.005° of it).
            if let last = points.last {
                #expect(abs(last[1] - 39.745) <= 0.0051 && abs(last[0] - -104.985) <= 0.0051, "\(last)")
            }
            // A grid has no diagonal: the road is never shorter than the straight line.
            let eta = result["eta_s"] as? Double ?? 0, distance = result["distance_m"] as? Double ?? 0
            #expect(eta >= distance / (40 / 3.6) - 0.1)
        }
        let facilities = try #require(answer["facilities"] as? [String: Any])
        #expect(facilities["eta_method"] as? String == "road_network")
        // How far each end lay from a street is reported: the call is 0.005° from the nearest one.
        let snap = try #require((teams["query"] as? [String: Any])?["snap_m"] as? Double)
        #expect(snap > 300 && snap < 600, "\(snap)")
        #expect(results.allSatisfy { ($0["snap_m"] as? Double).map { $0 >= 0 && $0 < 1_000 } == true }, "\(results)")

        // Without include_routes, no geometry travels.
        let plain = try server.send("POST", "/v1/recommendations", as: "dispatcher", body: #"{"lat":39.745,"lon":-104.985}"#).object
        let plainTeams = (plain["teams"] as? [String: Any])?["results"] as? [[String: Any]] ?? []
        #expect(plainTeams.allSatisfy { $0["route"] == nil })

        // The planner's ranking uses the same travel times.
        let ranking = try server.send("GET", "/v1/areas/underserved?privacy=exact", as: "admin")
        #expect(ranking.status == 200)
        #expect(ranking.object["eta_method"] as? String == "road_network")
    }

    @Test func aCallFarFromEveryRoadFallsBackToTheStraightLineAndSaysSo() throws {
        let server = try LiveServer(serveArguments: ["--roads-check-s", "1", "--max-snap-m", "300"])
        let path = server.directory.appendingPathComponent("grid.osm").path
        try Self.grid.write(toFile: path, atomically: true, encoding: .utf8)
        _ = try server.cli("import", "roads", path)
        // 0.3° north of the grid: no road within 300 m.
        let body = #"{"lat":40.10,"lon":-104.985}"#
        var teams: [String: Any] = [:]
        let deadline = Date().addingTimeInterval(20)
        repeat {
            Thread.sleep(forTimeInterval: 0.3)
            teams = try server.send("POST", "/v1/recommendations", as: "dispatcher", body: body).object["teams"] as? [String: Any] ?? [:]
        } while teams["eta_method"] as? String != "road_network" && Date() < deadline
        #expect(teams["eta_method"] as? String == "road_network")
        let results = teams["results"] as? [[String: Any]] ?? []
        #expect(!results.isEmpty)
        #expect(results.allSatisfy { $0["eta_method"] as? String == "straight_line" }, "\(results)")
    }
}
