import Foundation
import Testing

/// Upserts by id and exports that import back as the same store.
@Suite struct RoundTripTests {
    struct SeedFile: CustomTestStringConvertible, Sendable {
        var kind: String
        var text: String
        var rows: Int
        var testDescription: String { kind }
        var name: String { "\(kind).\(text.hasPrefix("{") ? "geojson" : "csv")" }
    }

    static let seedFiles = Fixture.seedFiles.map { kind, text in
        SeedFile(kind: kind, text: text, rows: text.hasPrefix("{") ? text.components(separatedBy: "\"Feature\"").count - 1
                                                                 : text.split(separator: "\n").count - 1)
    }

    @Test(arguments: seedFiles)
    func importingTheSameFileTwiceUpdatesEveryRecordAndChangesNothing(_ seed: SeedFile) throws {
        try Workspace.with { workspace in
            let path = try workspace.write(seed.name, seed.text)
            let first = try workspace.run("import", seed.kind, path)
            #expect(first.status == 0, "\(first.stderr)")
            let pattern = #/^imported (\d+) (\w+) from (.+): (\d+) new, (\d+) updated \([0-9.]+ s\)\n$/#
            let match = try #require(try pattern.wholeMatch(in: first.stdout), "\(first.stdout)")
            #expect(Int(match.1) == seed.rows && match.2 == seed.kind && match.3 == path)
            #expect(Int(match.4) == seed.rows && Int(match.5) == 0)
            let csv = try workspace.export(seed.kind)
            let geojson = try workspace.export(seed.kind, "geojson")

            let second = try workspace.run("import", seed.kind, path)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout.contains(": 0 new, \(seed.rows) updated ("), "\(second.stdout)")
            #expect(try workspace.export(seed.kind) == csv)
            #expect(try workspace.export(seed.kind, "geojson") == geojson)
        }
    }

    @Test func jsonReportOfAnImport() throws {
        try Workspace.with { workspace in
            let path = try workspace.write("c.csv", Fixture.calls)
            for (inserted, updated) in [(3, 0), (0, 3)] {
                let result = try workspace.run("import", "calls", path, "--json")
                #expect(result.status == 0, "\(result.stderr)")
                let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
                #expect(Set(report.keys) == ["file", "inserted", "kind", "rows", "seconds", "updated"])
                #expect(report["file"] as? String == path && report["kind"] as? String == "calls")
                #expect(report["rows"] as? Int == 3 && report["inserted"] as? Int == inserted && report["updated"] as? Int == updated)
                #expect((report["seconds"] as? Double).map { $0 >= 0 } == true)
            }
        }
    }

    @Test func aFileOfKnownAndNewIdsCountsEach() throws {
        try Workspace.with(seeded: true) { workspace in
            let csv = Fixture.callsHeader + "C2,2026-11-22T15:30:00.250-07:00,overdose,1,transported_facility,T2,F1,39.75,-104.98\n"
                + "C4,2026-11-22T17:00:00Z,suicide_risk,1,hospitalized,T1,F1,39.76,-104.97\n"
                + "C5,2026-11-22T18:00:00Z,disturbance,4,arrest,,,39.77,-104.96\n"
            let result = try workspace.importText("calls", "more.csv", csv)
            #expect(result.stdout.contains("imported 3 calls from ") && result.stdout.contains(": 2 new, 1 updated ("), "\(result.stdout)")
            #expect(try workspace.export("calls") == SeededStore.export("calls")
                    + "C4,2026-11-22T17:00:00Z,suicide_risk,1,hospitalized,T1,F1,39.76,-104.97\n"
                    + "C5,2026-11-22T18:00:00Z,disturbance,4,arrest,,,39.77,-104.96\n")
        }
    }

    @Test func anUpsertReplacesTheWholeRecord() throws {
        try Workspace.with(seeded: true) { workspace in
            let before = try workspace.export("calls")
            // C1 comes back with another category and place and without its optional fields.
            let result = try workspace.importText("calls", "c1.csv", "id,received_at,category,lat,lon\nC1,2026-11-23T08:00:00+01:00,overdose,39.8,-104.9\n")
            #expect(result.stdout.contains("0 new, 1 updated"))
            let expected = before.split(separator: "\n", omittingEmptySubsequences: false).map {
                $0.hasPrefix("C1,") ? "C1,2026-11-23T07:00:00Z,overdose,,,,,39.8,-104.9" : String($0)
            }.joined(separator: "\n")
            #expect(try workspace.export("calls") == expected)
        }
    }

    @Test(arguments: ["geojson", "csv"])
    func exportsImportIntoAFreshStoreAndExportIdentically(format: String) throws {
        try Workspace.with(seeded: true) { original in
            try Workspace.with { copy in
                for kind in Fixture.kinds {
                    let out = original.path("\(kind).\(format)")
                    let written = try original.run("export", kind, "--format", format, "--out", out)
                    #expect(written.status == 0, "\(written.stderr)")
                    let exported = try String(contentsOfFile: out, encoding: .utf8)
                    #expect(exported == (try original.export(kind, format)), "--out and stdout differ for \(kind)")
                    let imported = try copy.run("import", kind, out)
                    #expect(imported.status == 0, "\(kind): \(imported.stderr)")
                    #expect(try copy.export(kind, format) == exported, "\(kind) changed on the way through \(format)")
                }
                #expect(try copy.snapshot() == SeededStore.snapshot)
            }
        }
    }

    @Test func exportedTimesAreUTC() throws {
        try Workspace.with(seeded: true) { workspace in
            let calls = try workspace.export("calls")
            #expect(calls.contains("C1,2026-11-22T21:00:00Z,psychiatric,2,referred,T1,F1,39.7392,-104.9903\n"), "\(calls)")
            #expect(calls.contains("C2,2026-11-22T22:30:00.25Z,overdose,1,transported_facility,T2,F1,39.75,-104.98\n"), "\(calls)")
            #expect(calls.hasPrefix(Fixture.callsHeader))
        }
    }

    /// A GeoJSON property holding an object or array is kept as an extra, and
    /// must survive the trip through CSV like any other extra.
    @Test func nestedExtraPropertiesSurviveTheCSVRoundTrip() throws {
        try Workspace.with { original in
            try Workspace.with { copy in
                let extra = #","shift":{"start":"07:00","end":"19:00"},"vehicles":["V1","V2"]"#
                try original.importText("teams", "t.geojson", Fixture.collection([Fixture.teamFeature("T5", extra: extra)]))
                let exported = try original.export("teams")
                let header = exported.prefix { $0 != "\n" }.split(separator: ",")
                let row = exported.split(separator: "\n")[1]
                #expect(header.contains("shift") && header.contains("vehicles"), "\(exported)")
                #expect(!row.hasSuffix(",,"), "the nested values were exported empty: \(row)")
                try copy.importText("teams", "t.csv", exported)
                #expect(try copy.export("teams") == exported, "nested extras lost through CSV")
            }
        }
    }
}
