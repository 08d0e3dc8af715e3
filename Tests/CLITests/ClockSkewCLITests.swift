import Foundation
import Testing
import TestSupport

/// Times from a wrong clock: `import` refuses rows stamped beyond
/// --max-clock-skew (exit 65, file/line/field, nothing written), and
/// `crisismap check` reports what the store already holds.
@Suite struct ClockSkewCLITests {
    static let teamsHeader = "id,model,status,fix_at,lat,lon\n"

    /// Times are taken when the suite is set up, minutes before a busy run
    /// reaches a case: every margin here is hours, not seconds.
    static let refused: [RefusedInput] = [
        RefusedInput("a team fix years ahead", "teams", "teams.csv",
                     teamsHeader + "T8,mobile_crisis,available,\(TestClock.ago(60)),39.7,-105\nT9,mobile_crisis,available,2099-01-01T00:00:00Z,39.7,-105\n",
                     location: "line 3", field: "fix_at", message: ["2099-01-01T00:00:00Z is 7", "years ahead of the clock here", "at most 120 s", "--max-clock-skew"]),
        RefusedInput("a call received tomorrow", "calls", "calls.csv",
                     Fixture.callsHeader + "C9,\(TestClock.ago(-86_400)),other,1,,,,39.7,-105\n",
                     location: "line 2", field: "received_at", message: ["ahead of the clock here"]),
        RefusedInput("a bed count stamped ahead, in GeoJSON", "facilities", "facilities.geojson",
                     Fixture.collection([Fixture.feature(Fixture.point(-104.98, 39.75),
                        #""id":"F9","name":"Crisis Center","kind":"crisis_stabilization","timezone":"America/Denver","hours":"24/7","beds_total":4,"beds_available":2,"availability_updated_at":"\#(TestClock.ago(-3 * 86_400))""#)]),
                     location: "feature 0", field: "availability_updated_at", message: ["days ahead of the clock here"]),
        RefusedInput("a fix just past a narrower skew", "teams", "narrow.csv",
                     teamsHeader + "T9,mobile_crisis,available,\(TestClock.ago(-2 * 3600)),39.7,-105\n",
                     location: "line 2", field: "fix_at", message: ["at most 30 min"], arguments: ["--max-clock-skew", "30m"]),
    ]

    @Test(arguments: refused)
    func timesAheadOfTheClockAreRefused(_ input: RefusedInput) throws {
        try expectRefused(input)
    }

    @Test func aFixALittleAheadIsNormalDrift() throws {
        try Workspace.with { workspace in
            let result = try workspace.importText("teams", "teams.csv", Self.teamsHeader + "T1,mobile_crisis,available,\(TestClock.ago(-30)),39.7,-105\n")
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    @Test func checkReportsStoredTimesAheadAndExits65() throws {
        try Workspace.with { workspace in
            #expect(try workspace.run("check", "--db", workspace.db).status == 0)
            // Written with a wide allowance, as an older version (or another tool) could have.
            let wide = try workspace.runArguments(["import", "calls", try workspace.write("calls.csv",
                Fixture.callsHeader + "C1,\(TestClock.ago(-7200)),other,1,,,,39.7,-105\nC2,\(TestClock.ago(600)),other,1,,,,39.7,-105\n"),
                "--db", workspace.db, "--max-clock-skew", "1d"])
            #expect(wide.status == 0, "\(wide.stderr)")
            let result = try workspace.run("check", "--db", workspace.db, "--json")
            #expect(result.status == 65, "\(result.stdout)\(result.stderr)")
            let findings = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect(findings?["calls_received_in_future"] as? Int == 1)
            #expect(findings?["max_clock_skew_s"] as? Double == 120)
            #expect(!result.stdout.contains("C1"), "call ids are not printed")
            #expect(result.stderr.contains("ahead of the clock"))
        }
    }

    @Test func spansMustBeFiniteAndAtMostACentury() throws {
        try Workspace.with { workspace in
            for span in ["1e30d", "infd", "nanm", "36600d"] {
                let result = try workspace.run("nearest-team", "--lat", "39.7", "--lon", "-105", "--max-fix-age", span, "--db", workspace.db)
                #expect(result.status != 0 && result.stderr.contains("max-fix-age"), "\(span): \(result.status) \(result.stderr)")
            }
            let heatmap = try workspace.run("heatmap", "--privacy", "exact", "--out", "x.png", "--since", "1e30d", "--db", workspace.db)
            #expect(heatmap.status != 0 && heatmap.stderr.contains("at most 100 years"), "\(heatmap.stderr)")
        }
    }
}
