import Foundation
import Testing

/// Exact planner products over HTTP (admin, privacy=exact): suppression flags, lowered only by an admin.
/// PrivatePlannerAPITests covers what planners get.
@Suite struct DensityAPITests {
    @Test func plannersGetAggregatesWithoutSmallCounts() throws {
        let server = try LiveServer()
        let grid = try server.send("GET", "/v1/density?privacy=exact&cell_size=100m&bandwidth=300m", as: "admin")
        #expect(grid.status == 200 && grid.contentType == "application/geo+json", "\(grid)")
        let features = grid.object["features"] as? [[String: Any]] ?? []
        #expect(!features.isEmpty)
        for feature in features {
            let properties = feature["properties"] as? [String: Any] ?? [:]
            #expect(properties["suppressed"] as? Bool == true, "two calls never reach 11")
            #expect(properties["density"] == nil && properties["count"] == nil)
        }
        let refused = try server.send("GET", "/v1/density?min_count=1", as: "planner")
        #expect(refused.status == 403, "\(refused)")
        let admin = try server.send("GET", "/v1/density?privacy=exact&min_count=1&cell_size=100m&bandwidth=300m", as: "admin")
        let shown = (admin.object["features"] as? [[String: Any]] ?? []).filter { ($0["properties"] as? [String: Any])?["density"] != nil }
        #expect(admin.status == 200 && !shown.isEmpty)
    }

    @Test func theHeatMapIsAPNG() throws {
        let server = try LiveServer()
        let map = try server.send("GET", "/v1/heatmap.png?privacy=exact&width=640&height=480", as: "admin")
        #expect(map.status == 200 && map.contentType == "image/png", "\(map.status) \(map.contentType)")
        #expect(map.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(map.body[16..<24].elementsEqual([0, 0, 2, 0x80, 0, 0, 1, 0xE0]), "640 x 480")
    }

    @Test func theUnderservedRankingIsAggregatesOnly() throws {
        let server = try LiveServer()
        let answer = try server.send("GET", "/v1/areas/underserved?privacy=exact&minutes=20", as: "admin")
        #expect(answer.status == 200 && answer.contentType == "application/json", "\(answer)")
        #expect(answer.object["eta_method"] as? String == "straight_line")
        #expect(answer.object["rows"] is [Any])
        #expect(!answer.text.contains("-104.99"), "no call location in a planner's answer")
        let bad = try server.send("GET", "/v1/areas/underserved?privacy=exact&catchment=far", as: "admin")
        #expect(bad.status == 422 && bad.problemFields == ["catchment"])
    }

    @Test func theRankingNamesAndTakesItsSupplyKinds() throws {
        let server = try LiveServer()
        let standard = try server.send("GET", "/v1/areas/underserved?privacy=exact", as: "admin")
        #expect(standard.object["supply_kinds"] as? [String] == ["crisis_stabilization", "crisis_residential", "behavioral_health_urgent_care"])
        let chosen = try server.send("GET", "/v1/areas/underserved?privacy=exact&supply_kinds=outpatient,crisis_residential", as: "admin")
        #expect(chosen.status == 200 && chosen.object["supply_kinds"] as? [String] == ["outpatient", "crisis_residential"], "\(chosen)")
        for bad in ["supply_kinds=", "supply_kinds=beds"] {
            let answer = try server.send("GET", "/v1/areas/underserved?privacy=exact&\(bad)", as: "admin")
            #expect(answer.status == 422 && answer.problemFields == ["supply_kinds"], "\(bad): \(answer)")
        }
    }

    @Test func badSelectionsNameTheirParameter() throws {
        let server = try LiveServer()
        for (query, field) in [("hours=25-3", "hours"), ("kernel=box", "kernel"), ("cell_size=wide", "cell_size"),
                               ("category=fun", "category"), ("since=yesterday", "since"), ("radius=3", "radius"),
                               ("bbox=1,2,3", "bbox"), ("width=5", "width"), ("crs=EPSG:4326", "crs"), ("crs=EPSG:2231", "crs")] {
            let path = field == "width" ? "/v1/heatmap.png?privacy=exact&\(query)" : "/v1/density?privacy=exact&\(query)"
            let answer = try server.send("GET", path, as: "admin")
            #expect(answer.status == 422 && answer.problemFields == [field], "\(query): \(answer)")
        }
        let empty = try server.send("GET", "/v1/density?privacy=exact&category=overdose&since=2099-01-01T00:00:00Z", as: "admin")
        #expect(empty.status == 422 && empty.contentType == "application/problem+json", "\(empty)")
    }
}
