import Foundation
import Testing

/// `crisismap heatmap` end to end: outputs by extension, privacy flags, errors named by option.
@Suite struct HeatmapCLITests {
    @Test func writesEachFormatAndSaysWhatItDid() throws {
        try Workspace.with(seeded: true) { workspace in
            for name in ["map.png", "map.svg", "map.pdf", "grid.geojson", "grid.csv"] {
                let result = try workspace.run("heatmap", "--privacy", "exact", "--out", name, "--cell-size", "200m", "--bandwidth", "1km")
                #expect(result.status == 0, "\(name): \(result.stderr)")
                #expect(result.stdout.hasPrefix("Wrote \(name) (exact: not for publication): 3 calls"), "\(result.stdout)")
                let size = (try? FileManager.default.attributesOfItem(atPath: workspace.path(name))[.size] as? Int) ?? 0
                #expect(size > 100, "\(name) is written")
            }
            let json = try workspace.run("heatmap", "--privacy", "exact", "--out", "x.png", "--json", "--kernel", "gaussian", "--cell-size", "100m", "--bandwidth", "300m")
            let summary = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            #expect(summary?["kernel"] as? String == "gaussian" && summary?["cell_size_m"] as? Double == 100, "\(json.stdout)")
            #expect(summary?["min_count"] as? Int == 11)
        }
    }

    @Test func smallCountsNeedAnExplicitFlag() throws {
        try Workspace.with(seeded: true) { workspace in
            let refused = try workspace.run("heatmap", "--privacy", "exact", "--out", "x.png", "--min-count", "1")
            #expect(refused.status == 1 && refused.stderr.contains("--allow-small-counts"), "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: workspace.path("x.png")))
            let allowed = try workspace.run("heatmap", "--privacy", "exact", "--out", "x.geojson", "--min-count", "1", "--allow-small-counts",
                                            "--cell-size", "200m", "--bandwidth", "500m")
            #expect(allowed.status == 0, "\(allowed.stderr)")
            #expect(try String(contentsOfFile: workspace.path("x.geojson"), encoding: .utf8).contains("\"density\":"))
        }
    }

    @Test(arguments: [
        (["--hours", "25-3"], "--hours"), (["--days", "someday"], "--days"), (["--kernel", "box"], "--kernel"),
        (["--cell-size", "wide"], "--cell-size"), (["--category", "fun"], "--category"), (["--since", "yesterday"], "--since"),
        (["--out", "map.gif"], "--out"), (["--timezone", "Mars/Olympus", "--hours", "18-06"], "--timezone"),
    ])
    func badOptionsAreNamed(_ arguments: [String], _ option: String) throws {
        try Workspace.with(seeded: true) { workspace in
            let result = try workspace.runArguments(["heatmap", "--privacy", "exact"] + (arguments.contains("--out") ? [] : ["--out", "x.png"]) + arguments + ["--db", workspace.db])
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(option), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: workspace.path("x.png")), "nothing half-written")
        }
    }

    @Test func aWesternBoxIsTakenAsTheBoxNotAsAnOption() throws {
        try Workspace.with(seeded: true) { workspace in
            let result = try workspace.run("heatmap", "--privacy", "exact", "--out", "box.png", "--bbox", "-105.05,39.65,-104.95,39.78", "--json")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\"calls\":3"), "\(result.stdout)")
        }
    }

    @Test func anEmptySelectionIsAUsageError() throws {
        try Workspace.with(seeded: true) { workspace in
            let result = try workspace.run("heatmap", "--privacy", "exact", "--out", "x.png", "--since", "2099-01-01T00:00:00Z")
            #expect(result.status == 1 && result.stderr.contains("no calls match"), "\(result.stderr)")
        }
    }
}
