import Foundation
import Testing

/// Files that look odd but are valid, and must import as their plain twins do.
@Suite struct AcceptedInputTests {
    /// The properties of every feature of a GeoJSON export, by id.
    static func properties(_ geojson: String) throws -> [String: [String: Any]] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(geojson.utf8)) as? [String: Any])
        let features = try #require(root["features"] as? [[String: Any]])
        var byID: [String: [String: Any]] = [:]
        for feature in features {
            let properties = try #require(feature["properties"] as? [String: Any])
            byID[try #require(properties["id"] as? String)] = properties
        }
        return byID
    }

    /// Imports `odd` into an empty store, then its plain twin: the twin must
    /// update every record and change nothing.
    func expectSameAsPlain(kind: String, odd: (name: String, text: String), plain: (name: String, text: String), rows: Int) throws {
        try Workspace.with { workspace in
            let first = try workspace.importText(kind, odd.name, odd.text)
            #expect(first.stdout.contains("imported \(rows) \(kind) from "), "\(first.stdout)")
            #expect(first.stdout.contains(": \(rows) new, 0 updated"), "\(first.stdout)")
            let exported = try workspace.export(kind)
            #expect(!exported.contains("\u{FEFF}") && !exported.contains("\r"), "odd bytes leaked into the store:\n\(exported)")
            let second = try workspace.importText(kind, plain.name, plain.text)
            #expect(second.stdout.contains(": 0 new, \(rows) updated"), "\(second.stdout)")
            #expect(try workspace.export(kind) == exported)
        }
    }

    @Test func byteOrderMarkAtTheStartOfCSV() throws {
        try expectSameAsPlain(kind: "calls", odd: ("bom.csv", "\u{FEFF}" + Fixture.calls), plain: ("plain.csv", Fixture.calls), rows: 3)
    }

    @Test func byteOrderMarkAtTheStartOfGeoJSON() throws {
        try expectSameAsPlain(kind: "teams", odd: ("bom.geojson", "\u{FEFF}" + Fixture.teams), plain: ("plain.geojson", Fixture.teams), rows: 2)
    }

    @Test func crlfLineEndingsInCSV() throws {
        let crlf = Fixture.calls.replacingOccurrences(of: "\n", with: "\r\n")
        try expectSameAsPlain(kind: "calls", odd: ("crlf.csv", crlf), plain: ("plain.csv", Fixture.calls), rows: 3)
    }

    @Test func byteOrderMarkAndCRLFTogether() throws {
        let text = "\u{FEFF}" + Fixture.calls.replacingOccurrences(of: "\n", with: "\r\n")
        try expectSameAsPlain(kind: "calls", odd: ("both.csv", text), plain: ("plain.csv", Fixture.calls), rows: 3)
    }

    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        try Workspace.with { workspace in
            let csv = "id,received_at,category,lat,lon,note\n"
                + "Q1,2026-11-22T14:00:00Z,other,39.7,-105,\"said \"\"help\"\", then\nhung up\"\n"
                + "Q2,2026-11-22T14:00:00Z,\"other\",\"39.7\",-105,\"a, b, c\"\r\n"
                + "Q3,2026-11-22T14:00:00Z,other,39.7,-105,\"\"\n"
            let result = try workspace.importText("calls", "quoted.csv", csv)
            #expect(result.stdout.contains("imported 3 calls"), "\(result.stdout)")
            let notes = try Self.properties(try workspace.export("calls", "geojson")).mapValues { $0["note"] as? String }
            #expect(notes["Q1"] == "said \"help\", then\nhung up")
            #expect(notes["Q2"] == "a, b, c")
            #expect(notes["Q3"] == .some(nil), "an empty quoted field is an absent value")
            let exported = try workspace.export("calls")
            #expect(exported.contains("\nQ1,2026-11-22T14:00:00Z,other,,,,,39.7,-105.0,\"said \"\"help\"\", then\nhung up\"\n"), "\(exported)")
            #expect(exported.contains("\nQ2,2026-11-22T14:00:00Z,other,,,,,39.7,-105.0,\"a, b, c\"\n"), "\(exported)")
            // And the export reads back as the same records.
            let again = try workspace.run("import", "calls", try workspace.write("export.csv", exported))
            #expect(again.stdout.contains("0 new, 3 updated"), "\(again.stderr)")
            #expect(try workspace.export("calls") == exported)
        }
    }

    /// A Windows-made file can quote a CRLF inside a field; exported, that value
    /// needs quotes as much as one holding LF, or the export cannot be read back.
    @Test func aQuotedCRLFInsideAFieldSurvivesExportAndReimport() throws {
        try Workspace.with { workspace in
            let csv = "id,received_at,category,lat,lon,note\r\nQ1,2026-11-22T14:00:00Z,other,39.7,-105,\"line one\r\nline two\"\r\n"
            try workspace.importText("calls", "windows.csv", csv)
            #expect(try Self.properties(try workspace.export("calls", "geojson"))["Q1"]?["note"] as? String == "line one\r\nline two")
            let exported = try workspace.export("calls")
            #expect(exported.hasSuffix(",\"line one\r\nline two\"\n"), "CRLF value written unquoted: \(exported.debugDescription)")
            let again = try workspace.run("import", "calls", try workspace.write("export.csv", exported))
            #expect(again.status == 0 && again.stdout.contains("0 new, 1 updated"), "\(again.stderr)")
        }
    }

    @Test func quotedCSVFacilityWithListsAndCommas() throws {
        try Workspace.with { workspace in
            let csv = "id,name,kind,timezone,accepts,languages,hours,lat,lon\n"
                + "F9,\"Crisis Center, East \"\"Annex\"\"\",crisis_residential,America/Denver,walk_in|no_refusal,en|es|so,\"Mo-Fr 08:00-20:00; Sa 10:00-14:00\",39.7,-104.9\n"
            try workspace.importText("facilities", "f.csv", csv)
            let facility = try #require(try Self.properties(try workspace.export("facilities", "geojson"))["F9"])
            #expect(facility["name"] as? String == "Crisis Center, East \"Annex\"")
            #expect(facility["accepts"] as? [String] == ["walk_in", "no_refusal"])
            #expect(facility["languages"] as? [String] == ["en", "es", "so"])
            #expect(facility["hours"] as? String == "Mo-Fr 08:00-20:00; Sa 10:00-14:00")
        }
    }

    @Test func extraCSVColumnsAreKeptAndExportedSorted() throws {
        try Workspace.with { workspace in
            let csv = "zeta,id,received_at,category,lat,lon,alpha\n"
                + "z1,X1,2026-11-22T14:00:00Z,other,39.7,-105,\"a, 1\"\n"
                + ",X2,2026-11-22T14:00:00Z,other,39.7,-105,a2\n"
            try workspace.importText("calls", "extra.csv", csv)
            let exported = try workspace.export("calls")
            let header = String(Fixture.callsHeader.dropLast()) + ",alpha,zeta\n"
            #expect(exported == header
                    + "X1,2026-11-22T14:00:00Z,other,,,,,39.7,-105.0,\"a, 1\",z1\n"
                    + "X2,2026-11-22T14:00:00Z,other,,,,,39.7,-105.0,a2,\n", "\(exported)")
            let properties = try Self.properties(try workspace.export("calls", "geojson"))
            #expect(properties["X1"]?["alpha"] as? String == "a, 1" && properties["X1"]?["zeta"] as? String == "z1")
            #expect(properties["X2"]?["alpha"] as? String == "a2" && properties["X2"]?["zeta"] == nil)
        }
    }

    @Test func extraGeoJSONPropertiesAreKept() throws {
        try Workspace.with { workspace in
            let extra = #","radio":"7-Adam","unit":12,"armed":false"#
            try workspace.importText("teams", "t.geojson", Fixture.collection([Fixture.teamFeature("T5", extra: extra)]))
            let team = try #require(try Self.properties(try workspace.export("teams", "geojson"))["T5"])
            #expect(team["radio"] as? String == "7-Adam")
            #expect(team["unit"] as? Int == 12)
            #expect(team["armed"] as? Bool == false)
            let csv = try workspace.export("teams")
            #expect(csv.hasPrefix("id,call_sign,model,status,fix_at,skills,agency,lat,lon,armed,radio,unit\n"), "\(csv)")
            #expect(csv.contains(",39.74,-104.99,false,7-Adam,12\n"), "\(csv)")
        }
    }

    @Test func formatFromJSONExtensionOrFlag() throws {
        try Workspace.with { workspace in
            #expect(try workspace.run("import", "teams", try workspace.write("teams.json", Fixture.teams)).status == 0)
            let flagged = try workspace.run("import", "calls", try workspace.write("calls.txt", Fixture.calls), "--format", "csv")
            #expect(flagged.status == 0, "\(flagged.stderr)")
            #expect(flagged.stdout.contains("3 new"))
            let unknown = try workspace.run("import", "calls", try workspace.write("calls.dat", Fixture.calls))
            #expect(unknown.status == 65 && unknown.stderr.contains("--format"), "\(unknown.stderr)")
        }
    }
}
