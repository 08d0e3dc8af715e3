import Foundation
import Testing

/// `crisismap underserved` and `suggest-sites` end to end on the seeded store.
@Suite struct PlanningCLITests {
    @Test func underservedWritesTheContractColumnsAndEveryFormat() throws {
        try Workspace.with(seeded: true) { workspace in
            let printed = try workspace.run("underserved", "--privacy", "exact", "--out", "rank.csv")
            #expect(printed.status == 0, "\(printed.stderr)")
            #expect(printed.stdout.contains("Most underserved areas") && printed.stdout.contains("straight-line"), "\(printed.stdout)")
            let csv = try String(contentsOfFile: workspace.path("rank.csv"), encoding: .utf8)
            #expect(csv.hasPrefix("# exact: not for publication\narea_id,name,population,calls,calls_per_1000,eta_p50_s,eta_p90_s,within_target_share,access_2sfca,access_e2sfca,beds_per_100k,score,rank,"))
            #expect(!csv.lowercased().contains("nan") && !csv.contains("inf"))
            #expect(csv.split(separator: "\n").count == 4, "the exact mark, a header and the two seeded areas")
            for name in ["rank.geojson", "rank.png", "rank.svg"] {
                let result = try workspace.run("underserved", "--privacy", "exact", "--out", name, "--catchment", "15km")
                #expect(result.status == 0, "\(name): \(result.stderr)")
                #expect(FileManager.default.fileExists(atPath: workspace.path(name)))
            }
            let targeted = try workspace.run("underserved", "--privacy", "exact", "--json", "--target-beds-per-100k", "50")
            let targetedRows = (try JSONSerialization.jsonObject(with: Data(targeted.stdout.utf8)) as? [String: Any])?["rows"] as? [[String: Any]] ?? []
            #expect(targetedRows.contains { $0["beds_shortfall_per_100k"] is Double }, "\(targeted.stdout)")
            let json = try workspace.run("underserved", "--privacy", "exact", "--json", "--minutes", "45")
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            #expect(object?["eta_method"] as? String == "straight_line")
            #expect((object?["rows"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test func supplyKindsAreChosenCheckedAndNamed() throws {
        try Workspace.with(seeded: true) { workspace in
            let standard = try workspace.run("underserved", "--privacy", "exact", "--json")
            let object = try JSONSerialization.jsonObject(with: Data(standard.stdout.utf8)) as? [String: Any]
            #expect(object?["supply_kinds"] as? [String] == ["crisis_stabilization", "crisis_residential", "behavioral_health_urgent_care"])
            let chosen = try workspace.run("underserved", "--privacy", "exact", "--supply-kinds", "shelter", "--out", "shelter.csv")
            #expect(chosen.status == 0 && chosen.stdout.contains("2SFCA supply: beds of shelter"), "\(chosen.stdout)\(chosen.stderr)")
            let csv = try String(contentsOfFile: workspace.path("shelter.csv"), encoding: .utf8)
            let lines = csv.split(separator: "\n")
            #expect(lines[1].hasSuffix(",supply_kinds,eta_method") && lines.dropFirst(2).allSatisfy { $0.hasSuffix(",shelter,straight_line") }, "\(csv)")
            let bad = try workspace.run("underserved", "--privacy", "exact", "--supply-kinds", "crisis_residentail")
            #expect(bad.status == 1 && bad.stderr.contains("--supply-kinds") && bad.stderr.contains("crisis_residential"), "\(bad.stderr)")
        }
    }

    @Test func suggestSitesReportsCoverageBeforeAndAfter() throws {
        try Workspace.with(seeded: true) { workspace in
            let result = try workspace.run("suggest-sites", "--privacy", "exact", "--k", "1", "--minutes", "5", "--candidates", "grid:1km", "--json")
            #expect(result.status == 0, "\(result.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect(object?["calls"] as? Int == 3)
            let before = object?["covered_before"] as? Int ?? -1, after = object?["covered_after"] as? Int ?? -1
            let sites = object?["sites"] as? [[String: Any]] ?? []
            #expect(sites.count == 1 && after == before + (sites.first?["newly_covered_calls"] as? Int ?? -99), "\(result.stdout)")
            let file = try workspace.write("candidates.csv", "name,lat,lon\nx,39.74,-104.99\n")
            #expect(try workspace.run("suggest-sites", "--privacy", "exact", "--k", "1", "--candidates", file).status == 0)
            let bad = try workspace.write("bad.csv", "lat,lon\n39.74,east\n")
            let refused = try workspace.run("suggest-sites", "--privacy", "exact", "--candidates", bad)
            #expect(refused.status == 65 && refused.stderr.contains("line 2"), "\(refused.stderr)")
        }
    }

    @Test func badPlanningOptionsAreNamed() throws {
        try Workspace.with(seeded: true) { workspace in
            let catchment = try workspace.run("underserved", "--privacy", "exact", "--catchment", "far")
            let grid = try workspace.run("suggest-sites", "--privacy", "exact", "--candidates", "grid:1m")
            let since = try workspace.run("underserved", "--privacy", "exact", "--since", "soon")
            #expect(catchment.status == 1 && catchment.stderr.contains("--catchment"), "\(catchment.stderr)")
            #expect(grid.status == 1 && grid.stderr.contains("grid:SPACING"), "\(grid.stderr)")
            #expect(since.status == 1 && since.stderr.contains("--since"), "\(since.stderr)")
        }
    }
}
