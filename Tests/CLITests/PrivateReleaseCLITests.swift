import Foundation
import Testing
import TestSupport

/// Planner products from the command line: releases of closed months, whole-month windows,
/// withheld means absent, answers that never change, exact products marked and audited.
@Suite struct PrivateReleaseCLITests {
    static let area = #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-105.0,39.70],[-104.90,39.70],[-104.90,39.78],[-105.0,39.78],[-105.0,39.70]]]},"properties":{"id":"A1","name":"Central","population":40000}},{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-104.90,39.70],[-104.80,39.70],[-104.80,39.78],[-104.90,39.78],[-104.90,39.70]]]},"properties":{"id":"A2","name":"East","population":30000}}]}"#
    static let facility = #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-104.96,39.74]},"properties":{"id":"F1","name":"Crisis Center","kind":"crisis_stabilization","timezone":"America/Denver","hours":"24/7","beds_total":16}}]}"#
    /// The isolated call, alone in area A2.
    static let lonely = (lat: 39.752, lon: -104.83)

    /// 400 clustered calls over March and April 2026, the lonely call on 2026-03-14, and one call now.
    static func calls(lonelyAt lonelyPlace: (lat: Double, lon: Double) = lonely) -> String {
        var random = SplitMix64(seed: 7)
        var lines = ["id,received_at,category,priority,disposition,team_id,facility_id,lat,lon"]
        for index in 0..<400 {
            let day = 1 + index % 28, month = index % 2 == 0 ? "03" : "04"
            let lat = 39.74 + Double.random(in: -0.006...0.006, using: &random), lon = -104.96 + Double.random(in: -0.008...0.008, using: &random)
            lines.append("C\(index),2026-\(month)-\(String(format: "%02d", day))T12:00:00-06:00,psychiatric,3,resolved_on_scene,,,\(lat),\(lon)")
        }
        lines.append("LONELY,2026-03-14T03:12:45-06:00,overdose,1,arrest,,,\(lonelyPlace.lat),\(lonelyPlace.lon)")
        let now = RFC3339Now.text
        lines.append("NOW,\(now),suicide_risk,1,,,,39.741,-104.961")
        return lines.joined(separator: "\n") + "\n"
    }

    static func workspace(_ body: (Workspace) throws -> Void) throws {
        try Workspace.with { workspace in
            try workspace.importText("areas", "areas.geojson", area)
            try workspace.importText("facilities", "facilities.geojson", facility)
            try workspace.importText("calls", "calls.csv", calls())
            try body(workspace)
        }
    }

    static func features(_ text: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return object?["features"] as? [[String: Any]] ?? []
    }

    @Test func releasesAreMadeOnceAndListed() throws {
        try Self.workspace { workspace in
            let first = try workspace.run("release", "--json")
            #expect(first.status == 0, "\(first.stderr)")
            let made = (try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])?["released"] as? [String] ?? []
            #expect(made.contains("2026-03") && made.contains("2026-04") && made.contains("2026-Q1") && made.contains("2026-Q2"), "\(made)")
            let thisMonth = RFC3339Now.month
            #expect(!made.contains(thisMonth), "the current month is never released")
            let again = try workspace.run("release", "--json")
            #expect(again.stdout.contains("\"released\":[]"), "idempotent: \(again.stdout)")
            let listed = try workspace.run("releases")
            #expect(listed.status == 0 && listed.stdout.contains("2026-03") && listed.stdout.contains("2026-Q1"), "\(listed.stdout)")
            let privacy = try workspace.run("privacy", "--json")
            let statement = try JSONSerialization.jsonObject(with: Data(privacy.stdout.utf8)) as? [String: Any]
            #expect(statement?["epsilon_total"] as? Double == 8)
            #expect((statement?["epsilon_spent"] as? Double ?? 99) <= 8)
            let grid = statement?["release_grid"] as? String ?? ""
            #expect(grid.contains("250 m"), "\(grid)")
        }
    }

    @Test func attackOneTinyCellsFindNothing() throws {
        try Self.workspace { workspace in
            let tiny = try workspace.run("heatmap", "--out", "tiny.geojson", "--bbox", "-104.85,39.74,-104.81,39.76", "--cell-size", "10m", "--bandwidth", "1m")
            #expect(tiny.status == 1 && tiny.stderr.contains("250"), "tiny cells are refused: \(tiny.stderr)")
            let near = try workspace.run("heatmap", "--out", "near.geojson", "--bbox", "-104.84,39.747,-104.82,39.757",
                                         "--since", "2026-03", "--until", "2026-03")
            #expect(near.status == 0, "\(near.stderr)")
            let text = try String(contentsOfFile: workspace.path("near.geojson"), encoding: .utf8)
            #expect(try Self.features(text).isEmpty, "nothing near the lonely call: no feature at all")
            #expect(!text.contains("suppressed"), "no flag marks withheld cells")
            let whole = try workspace.run("heatmap", "--out", "whole.geojson", "--since", "2026-03", "--until", "2026-04")
            #expect(whole.status == 0, "\(whole.stderr)")
            let all = try String(contentsOfFile: workspace.path("whole.geojson"), encoding: .utf8)
            #expect(!(try Self.features(all).isEmpty) && !all.contains("suppressed"), "the cluster shows, with no flags")
            #expect(all.contains("\"privacy\":\"private\""))
        }
    }

    @Test func attackTwoWindowsAreWholeMonths() throws {
        try Self.workspace { workspace in
            for (option, value) in [("--since", "2026-03-14T03:00:00-06:00"), ("--until", "2026-03-14T03:13:00-06:00"), ("--since", "30d")] {
                let result = try workspace.run("heatmap", "--out", "x.geojson", option, value)
                #expect(result.status == 1 && result.stderr.contains("whole months"), "\(option) \(value): \(result.stderr)")
                #expect(!FileManager.default.fileExists(atPath: workspace.path("x.geojson")))
            }
            let current = try workspace.run("heatmap", "--out", "x.geojson", "--since", RFC3339Now.month, "--until", RFC3339Now.month)
            #expect(current.status == 1 && current.stderr.contains("not released"), "the current month is in no answer: \(current.stderr)")
            let category = try workspace.run("heatmap", "--out", "c.geojson", "--since", "2026-03", "--until", "2026-03", "--category", "overdose", "--json")
            #expect(category.status == 0 && !category.stdout.contains("\"calls\":1,"), "\(category.stdout)")
        }
    }

    @Test func attackThreeAOneCallAreaShowsNoFigures() throws {
        try Self.workspace { workspace in
            let fine = try workspace.run("underserved", "--since", "2026-03-14T03:12:00-06:00", "--until", "2026-03-14T03:13:00-06:00", "--json")
            #expect(fine.status == 1 && fine.stderr.contains("whole months"), "\(fine.stderr)")
            let month = try workspace.run("underserved", "--since", "2026-03", "--until", "2026-03", "--json", "--out", "rank.csv")
            #expect(month.status == 0, "\(month.stderr)")
            let answer = try JSONSerialization.jsonObject(with: Data(month.stdout.utf8)) as? [String: Any]
            let rows = answer?["rows"] as? [[String: Any]] ?? []
            let east = rows.first { $0["area_id"] as? String == "A2" } ?? [:]
            for figure in ["calls", "calls_per_1000", "arrest_share", "eta_p50_s", "eta_p90_s", "within_target_share", "team_eta_p50_s"] {
                #expect(east[figure] == nil, "A2's one call gives no \(figure): \(east)")
            }
            #expect(answer?["privacy"] as? String == "private")
            let central = rows.first { $0["area_id"] as? String == "A1" } ?? [:]
            #expect(central["calls"] != nil, "A1's 200 March calls are shown")
            let csv = try String(contentsOfFile: workspace.path("rank.csv"), encoding: .utf8)
            #expect(!csv.contains("exact"), "a private table carries no exact mark")
        }
    }

    @Test func attackFourDifferencingAndEditsChangeNothingReleased() throws {
        try Self.workspace { workspace in
            #expect(try workspace.run("release").status == 0)
            let before = try workspace.run("heatmap", "--out", "a.geojson", "--since", "2026-03", "--until", "2026-04")
            let again = try workspace.run("heatmap", "--out", "b.geojson", "--since", "2026-03", "--until", "2026-04")
            #expect(before.status == 0 && again.status == 0)
            let first = try String(contentsOfFile: workspace.path("a.geojson"), encoding: .utf8)
            #expect(first == (try String(contentsOfFile: workspace.path("b.geojson"), encoding: .utf8)), "the same request twice: byte-identical")
            // Move the lonely call and delete nothing else: March is released, so no planner answer changes.
            try workspace.importText("calls", "moved.csv", Self.calls(lonelyAt: (lat: 39.741, lon: -104.96)))
            #expect(try workspace.run("heatmap", "--out", "c.geojson", "--since", "2026-03", "--until", "2026-04").status == 0)
            #expect(first == (try String(contentsOfFile: workspace.path("c.geojson"), encoding: .utf8)), "an edit in a released month changes no answer")
            // The ranking too, minus its timings: the same before and after the edit.
            func ranking() throws -> String {
                let result = try workspace.run("underserved", "--since", "2026-03", "--until", "2026-04", "--out", "rank.csv")
                #expect(result.status == 0, "\(result.stderr)")
                return try String(contentsOfFile: workspace.path("rank.csv"), encoding: .utf8)
            }
            let moved = try ranking()
            try workspace.importText("calls", "moved-back.csv", Self.calls())
            #expect(try ranking() == moved)
        }
    }

    @Test func exactProductsAreMarkedAndAudited() throws {
        try Self.workspace { workspace in
            let exact = try workspace.run("heatmap", "--privacy", "exact", "--out", "exact.geojson", "--cell-size", "250m", "--bandwidth", "750m")
            #expect(exact.status == 0 && exact.stdout.contains("exact: not for publication"), "\(exact.stdout) \(exact.stderr)")
            let text = try String(contentsOfFile: workspace.path("exact.geojson"), encoding: .utf8)
            #expect(text.contains("\"privacy\":\"exact: not for publication\""))
            let csv = try workspace.run("underserved", "--privacy", "exact", "--out", "exact.csv")
            #expect(csv.status == 0)
            #expect(try String(contentsOfFile: workspace.path("exact.csv"), encoding: .utf8).hasPrefix("# exact: not for publication"))
            let audit = try workspace.run("audit", "--json")
            #expect(audit.stdout.contains("crisismap heatmap") && audit.stdout.contains("privacy=exact"), "\(audit.stdout)")
            let refused = try workspace.run("heatmap", "--out", "x.png", "--min-count", "5")
            #expect(refused.status == 1 && refused.stderr.contains("exact"), "\(refused.stderr)")
        }
    }
}

enum RFC3339Now {
    static var text: String { Date().formatted(Date.ISO8601FormatStyle()) }
    /// This month in Denver, as YYYY-MM.
    static var month: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/Denver")!
        let parts = calendar.dateComponents([.year, .month], from: Date())
        return String(format: "%04d-%02d", parts.year!, parts.month!)
    }
}
