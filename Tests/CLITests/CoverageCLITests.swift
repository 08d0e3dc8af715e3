import Foundation
import GeoCore
import Testing
import TestSupport

/// `crisismap coverage` and the planner's figures over the hand-made
/// extract of `RouteCLITests` (two river banks, a one-way south, one bridge).
@Suite struct CoverageCLITests {
    static func feature(_ lon: Double, _ lat: Double, _ properties: String) -> String {
        #"{"type":"Feature","geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]},"properties":{\#(properties)}}"#
    }

    @Test func drivingAreasGrowWithTimeAndFollowTheRoads() throws {
        try Workspace.with { workspace in
            try workspace.importText("roads", "roads.osm", RouteCLITests.extract)
            try workspace.importText("teams", "teams.geojson", #"{"type":"FeatureCollection","features":["#
                + Self.feature(-105.0, 40.010, #""id":"T1","model":"mobile_crisis","status":"available","fix_at":"\#(TestClock.freshFix)""#) + "]}")
            let result = try workspace.run("coverage", "--minutes", "1,3", "--from", "teams", "--cell-size", "50",
                                           "--out", workspace.path("areas.geojson"), "--out", workspace.path("areas.png"))
            try #require(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("within 1 min") && result.stdout.contains("within 3 min"), "\(result.stdout)")

            let data = try Data(contentsOf: URL(fileURLWithPath: workspace.path("areas.geojson")))
            let collection = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let features = try #require(collection["features"] as? [[String: Any]])
            #expect(features.count == 2)
            #expect(features.compactMap { ($0["properties"] as? [String: Any])?["minutes"] as? Double } == [1, 3])
            let rings = features.map { feature -> [[[Double]]] in
                let geometry = feature["geometry"] as? [String: Any]
                #expect(geometry?["type"] as? String == "MultiPolygon")
                return (geometry?["coordinates"] as? [[[[Double]]]] ?? []).flatMap { $0 }
            }
            for ring in rings.joined() {
                #expect(ring.count >= 4 && ring.first == ring.last, "rings are closed")
            }
            // 1 minute at 30 km/h is 500 m: the team's street, not the far bank; 3 minutes reach farther.
            func covers(_ band: Int, lon: Double, lat: Double) -> Bool {
                rings[band].contains { ring in Self.inside(lon: lon, lat: lat, ring: ring) }
            }
            #expect(covers(0, lon: -105.0, lat: 40.010), "the team's own position")
            #expect(covers(0, lon: -105.003, lat: 40.010), "250 m along the street")
            #expect(!covers(0, lon: -105.0, lat: 40.000), "across the river takes longer than a minute")
            #expect(covers(1, lon: -105.009, lat: 40.010), "the street's west end within 3 minutes")
            #expect(!covers(1, lon: -105.0, lat: 40.030), "no road leads north")

            // The default 250 m off road: a house 150 m north of the street counts; with none, it does not.
            #expect(covers(0, lon: -105.001, lat: 40.01135), "150 m off the road, within --off-road-m")
            let bare = try workspace.run("coverage", "--minutes", "1", "--from", "teams", "--cell-size", "50", "--off-road-m", "0",
                                         "--out", workspace.path("bare.geojson"))
            try #require(bare.status == 0, "\(bare.stderr)")
            let bareData = try Data(contentsOf: URL(fileURLWithPath: workspace.path("bare.geojson")))
            let bareFeature = ((try JSONSerialization.jsonObject(with: bareData) as? [String: Any])?["features"] as? [[String: Any]])?.first
            let bareRings = ((bareFeature?["geometry"] as? [String: Any])?["coordinates"] as? [[[[Double]]]] ?? []).flatMap { $0 }
            #expect(!bareRings.contains { Self.inside(lon: -105.001, lat: 40.01135, ring: $0) }, "roads' own cells only")
            #expect(bareRings.contains { Self.inside(lon: -105.0, lat: 40.010, ring: $0) })

            let png = try Data(contentsOf: URL(fileURLWithPath: workspace.path("areas.png")))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 5_000)
        }
    }

    @Test func underservedUsesTheSameRoadTimes() throws {
        try Workspace.with { workspace in
            try workspace.importText("roads", "roads.osm", RouteCLITests.extract)
            try workspace.importText("areas", "areas.geojson", #"""
                {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-105.02,39.99],[-104.98,39.99],[-104.98,40.02],[-105.02,40.02],[-105.02,39.99]]]},"properties":{"id":"A1","name":"Both banks","population":5000}}]}
                """#)
            // The only crisis centre sits at the bridge's south end; every call comes from n2.
            try workspace.importText("facilities", "facilities.geojson", #"{"type":"FeatureCollection","features":["#
                + Self.feature(-104.990, 40.000, #""id":"F1","name":"Centre","kind":"crisis_stabilization","timezone":"America/Denver","hours":"24/7","beds_total":10,"beds_available":2"#) + "]}")
            try workspace.importText("calls", "calls.csv", """
                id,received_at,category,lat,lon
                C1,2026-11-01T10:00:00Z,psychiatric,40.010,-105.000
                C2,2026-11-02T10:00:00Z,psychiatric,40.010,-105.000
                C3,2026-11-03T10:00:00Z,psychiatric,40.010,-105.000
                """)
            let result = try workspace.run("underserved", "--privacy", "exact", "--json")
            try #require(result.status == 0, "\(result.stderr)")
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(answer["eta_method"] as? String == "road_network")
            let row = try #require((answer["rows"] as? [[String: Any]])?.first)
            let byBridge = RouteCLITests.seconds(["2", "3", "13"], kmh: 30)
            let byOneWay = RouteCLITests.seconds(["2", "1"], kmh: 30) + RouteCLITests.seconds(["1", "11"], kmh: 50)
                + RouteCLITests.seconds(["11", "12", "13"], kmh: 30)
            let expected = min(byBridge, byOneWay)
            let eta = try #require(row["eta_p50_s"] as? Double)
            #expect(abs(eta - expected) < 1e-6 * expected, "\(eta) vs \(expected)")

            let straight = try workspace.run("underserved", "--privacy", "exact", "--json", "--eta", "straight-line")
            #expect(straight.stdout.contains(#""eta_method":"straight_line""#))
        }
    }

    /// Even-odd point in ring, [lon, lat] pairs.
    static func inside(lon: Double, lat: Double, ring: [[Double]]) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in ring.indices {
            let (xi, yi, xj, yj) = (ring[i][0], ring[i][1], ring[j][0], ring[j][1])
            if (yi > lat) != (yj > lat), lon < (xj - xi) * (lat - yi) / (yj - yi) + xi { inside.toggle() }
            j = i
        }
        return inside
    }
}
