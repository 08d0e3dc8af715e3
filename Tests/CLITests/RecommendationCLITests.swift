import Foundation
import Testing

/// The `--json` contract of DESIGN.md, through the real binary.
@Suite struct RecommendationCLITests {
    func json(_ result: CLIResult) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func nearestTeamJSON() throws {
        try Workspace.with(seeded: true) { workspace in
            let answer = try json(try workspace.run(
                "nearest-team", "--lat", "39.74", "--lon", "-104.99", "--at", "2026-11-22T14:05:00-07:00", "--json"))
            let query = try #require(answer["query"] as? [String: Any])
            #expect(query["lat"] as? Double == 39.74 && query["lon"] as? Double == -104.99)
            #expect(query["at"] as? String == "2026-11-22T21:05:00Z")
            #expect(answer["eta_method"] as? String == "straight_line")
            let results = try #require(answer["results"] as? [[String: Any]])
            #expect(results.map { $0["id"] as? String } == ["T1"])
            #expect(results.first?["rank"] as? Int == 1)
            #expect(results.first?["fix_age_s"] as? Double == 300)
            for key in ["distance_m", "eta_s"] { #expect(results.first?[key] is Double) }
            let excluded = try #require(answer["excluded"] as? [[String: Any]])
            // T2 stands on the same spot as T1 and sorts after it by id: not nearer, not listed.
            #expect(excluded.isEmpty)
        }
    }

    @Test func nearestFacilityJSONWithReasons() throws {
        try Workspace.with(seeded: true) { workspace in
            let answer = try json(try workspace.run(
                "nearest-facility", "--lat", "39.72", "--lon", "-105.0098", "--at", "2026-11-22T14:05:00-07:00",
                "--police-transport", "--limit", "1", "--json"))
            let results = try #require(answer["results"] as? [[String: Any]])
            #expect(results.map { $0["id"] as? String } == ["F1"])
            #expect(results.first?["beds_available"] as? Int == 3)
            #expect(results.first?["availability_age_s"] as? Double == 2100)
            #expect(results.first?["availability_stale"] as? Bool == false)
            #expect(results.first?["kind"] as? String == "crisis_stabilization")
            let excluded = try #require(answer["excluded"] as? [[String: Any]])
            #expect(excluded.map { $0["id"] as? String } == ["F2"])
            #expect(excluded.first?["reasons"] as? [String] == ["closed_now", "no_law_enforcement_dropoff"])
        }
    }

    @Test func tableOutputNamesMethodAndReasons() throws {
        try Workspace.with(seeded: true) { workspace in
            let result = try workspace.run("nearest-facility", "--lat", "39.72", "--lon", "-105.0098",
                                           "--at", "2026-11-22T14:05:00-07:00", "--police-transport", "--limit", "1")
            #expect(result.status == 0)
            #expect(result.stdout.contains("straight-line"))
            #expect(result.stdout.contains("Crisis Center (F1, crisis_stabilization)"))
            #expect(result.stdout.contains("closed_now, no_law_enforcement_dropoff"))
        }
    }
}
