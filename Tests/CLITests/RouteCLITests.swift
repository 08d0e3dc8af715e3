import Foundation
import GeoCore
import Testing
import TestSupport

/// `crisismap route` and road ETAs end to end over a hand-made extract:
///
///     n1 ────── n2 ────── n3        north bank, residential, 30 km/h
///     │ one-way south     ║ bridge  (the only way back north), 30 km/h
///     │ 50 km/h           ║
///     s1 ────── s2 ────── s3        south bank, residential, 30 km/h
///     ~~~~~~ river between the banks; i1 ── i2 an island road nothing reaches
///
/// North to south the one-way is quicker; south to north only the bridge goes.
@Suite struct RouteCLITests {
    static let nodes: [(String, Double, Double)] = [
        ("1", 40.010, -105.010), ("2", 40.010, -105.000), ("3", 40.010, -104.990),
        ("11", 40.000, -105.010), ("12", 40.000, -105.000), ("13", 40.000, -104.990),
        ("21", 40.050, -105.050), ("22", 40.050, -105.040),
    ]

    static let extract: String = {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + #"<osm version="0.6" generator="crisismap tests">"# + "\n"
        for (id, lat, lon) in nodes { xml += #"  <node id="\#(id)" version="1" lat="\#(lat)" lon="\#(lon)"/>"# + "\n" }
        func way(_ id: Int, _ refs: [String], _ tags: [(String, String)]) -> String {
            var text = #"  <way id="\#(id)" version="1">"# + "\n"
            for ref in refs { text += #"    <nd ref="\#(ref)"/>"# + "\n" }
            for (key, value) in tags { text += #"    <tag k="\#(key)" v="\#(value)"/>"# + "\n" }
            return text + "  </way>\n"
        }
        xml += way(100, ["1", "2", "3"], [("highway", "residential"), ("maxspeed", "30"), ("name", "North Bank Road")])
        xml += way(101, ["11", "12", "13"], [("highway", "residential"), ("maxspeed", "30"), ("name", "South Bank Road")])
        xml += way(102, ["1", "11"], [("highway", "tertiary"), ("maxspeed", "50"), ("oneway", "yes"), ("name", "Ferry Lane")])
        xml += way(103, ["3", "13"], [("highway", "secondary"), ("maxspeed", "30"), ("bridge", "yes"), ("name", "Bridge Street")])
        xml += way(104, ["21", "22"], [("highway", "residential"), ("name", "Island Way")])
        return xml + "</osm>\n"
    }()

    static func node(_ id: String) -> Coordinate {
        let (_, lat, lon) = nodes.first { $0.0 == id }!
        return Coordinate(uncheckedLatitude: lat, longitude: lon)
    }

    /// Seconds to drive a chain of nodes at `kmh`: geodesic length over speed.
    static func seconds(_ chain: [String], kmh: Double) -> Double {
        zip(chain, chain.dropFirst()).reduce(0) { $0 + Geodesic.wgs84.distance(from: node($1.0), to: node($1.1)) } / (kmh / 3.6)
    }

    static func metres(_ chain: [String]) -> Double {
        zip(chain, chain.dropFirst()).reduce(0) { $0 + Geodesic.wgs84.distance(from: node($1.0), to: node($1.1)) }
    }

    func route(_ workspace: Workspace, from: String, to: String) throws -> [String: Any] {
        let a = Self.node(from), b = Self.node(to)
        let result = try workspace.run("route", "--from", "\(a.latitude),\(a.longitude)", "--to", "\(b.latitude),\(b.longitude)", "--json")
        try #require(result.status == 0, "route \(from) → \(to): \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func routesFollowOneWaysAndTheOnlyBridge() throws {
        try Workspace.with { workspace in
            try workspace.importText("roads", "roads.osm", Self.extract)

            let south = try route(workspace, from: "2", to: "12")
            let viaOneWay = Self.seconds(["2", "1"], kmh: 30) + Self.seconds(["1", "11"], kmh: 50) + Self.seconds(["11", "12"], kmh: 30)
            let timeSouth = try #require(south["time_s"] as? Double)
            #expect(abs(timeSouth - viaOneWay) < 1e-6 * viaOneWay, "north to south takes the one-way: \(timeSouth) vs \(viaOneWay)")
            #expect(abs((south["distance_m"] as? Double ?? 0) - Self.metres(["2", "1", "11", "12"])) < 1e-6 * Self.metres(["2", "1", "11", "12"]))

            let north = try route(workspace, from: "12", to: "2")
            let viaBridge = Self.seconds(["12", "13", "3", "2"], kmh: 30)
            let timeNorth = try #require(north["time_s"] as? Double)
            #expect(abs(timeNorth - viaBridge) < 1e-6 * viaBridge, "south to north must cross the bridge: \(timeNorth) vs \(viaBridge)")
            let geometry = try #require(north["geometry"] as? [String: Any])
            #expect(geometry["type"] as? String == "LineString")
            let points = try #require(geometry["coordinates"] as? [[Double]])
            #expect(points.contains { abs($0[0] - -104.990) < 1e-9 && abs($0[1] - 40.010) < 1e-9 }, "the path passes the bridge's north end")
            #expect(points.first.map { abs($0[0] - -105.000) < 1e-9 && abs($0[1] - 40.000) < 1e-9 } == true)
            #expect(points.last.map { abs($0[0] - -105.000) < 1e-9 && abs($0[1] - 40.010) < 1e-9 } == true)
        }
    }

    @Test func aDisconnectedOrFarAwayPointHasNoRouteAndSaysWhy() throws {
        try Workspace.with { workspace in
            try workspace.importText("roads", "roads.osm", Self.extract)
            let island = Self.node("21"), home = Self.node("2")
            let cut = try workspace.run("route", "--from", "\(home.latitude),\(home.longitude)", "--to", "\(island.latitude),\(island.longitude)")
            #expect(cut.status != 0)
            #expect(cut.stderr.contains("no road route"), "\(cut.stderr)")
            let far = try workspace.run("route", "--from", "41.0,-105.0", "--to", "\(home.latitude),\(home.longitude)")
            #expect(far.status != 0)
            #expect(far.stderr.contains("off the road network"), "\(far.stderr)")
        }
    }

    @Test func withoutRoadsRouteExplainsHowToImportThem() throws {
        try Workspace.with { workspace in
            let result = try workspace.run("route", "--from", "40.0,-105.0", "--to", "40.01,-105.0")
            #expect(result.status != 0)
            #expect(result.stderr.contains("import roads"), "\(result.stderr)")
        }
    }

    @Test func nearestTeamRanksByRoadWhenRoadsAreLoaded() throws {
        try Workspace.with { workspace in
            try workspace.importText("roads", "roads.osm", Self.extract)
            // A call at n1: SOUTH waits straight across the river (nearer), EAST along the
            // north bank (farther, but SOUTH must drive round by the bridge).
            let teams = """
                {"type":"FeatureCollection","features":[
                {"type":"Feature","geometry":{"type":"Point","coordinates":[-105.010,40.000]},"properties":{"id":"T-SOUTH","call_sign":"SOUTH","model":"mobile_crisis","status":"available","fix_at":"\(TestClock.freshFix)"}},
                {"type":"Feature","geometry":{"type":"Point","coordinates":[-104.990,40.010]},"properties":{"id":"T-EAST","call_sign":"EAST","model":"mobile_crisis","status":"available","fix_at":"\(TestClock.freshFix)"}}]}
                """
            try workspace.importText("teams", "teams.geojson", teams)
            let straight = try workspace.run("nearest-team", "--lat", "40.010", "--lon", "-105.010", "--json", "--eta", "straight-line")
            try #require(straight.status == 0, "\(straight.stderr)")
            #expect(ids(straight.stdout) == ["T-SOUTH", "T-EAST"], "by straight line the team across the river is first")

            let result = try workspace.run("nearest-team", "--lat", "40.010", "--lon", "-105.010", "--json")
            try #require(result.status == 0, "\(result.stderr)")
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(answer["eta_method"] as? String == "road_network")
            #expect(ids(result.stdout) == ["T-EAST", "T-SOUTH"], "by road the team on the same bank is first")
            let etas = (answer["results"] as? [[String: Any]] ?? []).compactMap { $0["eta_s"] as? Double }
            let east = Self.seconds(["3", "2", "1"], kmh: 30)
            let south = Self.seconds(["11", "12", "13", "3", "2", "1"], kmh: 30)
            #expect(etas.count == 2 && abs(etas[0] - east) <= 0.05 && abs(etas[1] - south) <= 0.05, "\(etas) vs \(east), \(south)")
        }
    }

    private func ids(_ json: String) -> [String] {
        let answer = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
        return (answer?["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }
}
