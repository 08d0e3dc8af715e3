import Foundation
import Testing

/// A CAD export's timeline columns: checked like every other field, kept,
/// and exported back as they came.
@Suite struct CallTimelineImportTests {
    static let header = "id,received_at,category,priority,disposition,team_id,facility_id,assigned_at,en_route_at,on_scene_at,transport_at,at_facility_at,cleared_at,lat,lon\n"
    static let rows = """
        C1,2026-11-22T14:00:00Z,psychiatric,2,transported_facility,T1,F1,2026-11-22T14:01:00Z,2026-11-22T14:02:00Z,2026-11-22T14:14:30Z,2026-11-22T14:50:00Z,2026-11-22T15:05:00Z,2026-11-22T15:20:00Z,39.74,-104.99
        C2,2026-11-22T16:00:00Z,welfare_check,3,resolved_on_scene,T2,,2026-11-22T16:00:30Z,,2026-11-22T16:09:00Z,,,2026-11-22T16:40:00Z,39.75,-104.98
        C3,2026-11-22T17:00:00Z,other,4,,,,,,,,,,39.76,-104.97

        """

    @Test func timelinesRoundTripThroughExport() throws {
        try Workspace.with { workspace in
            let imported = try workspace.importText("calls", "cad.csv", Self.header + Self.rows)
            #expect(imported.status == 0, "\(imported.stderr)")
            let csv = try workspace.export("calls")
            let lines = csv.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("id,received_at,category,priority,disposition,team_id,facility_id,assigned_at,en_route_at,on_scene_at,transport_at,at_facility_at,cleared_at,") == true,
                    "\(lines.first ?? "")")
            #expect(lines.dropFirst().first?.contains(",T1,F1,2026-11-22T14:01:00Z,2026-11-22T14:02:00Z,2026-11-22T14:14:30Z,2026-11-22T14:50:00Z,2026-11-22T15:05:00Z,2026-11-22T15:20:00Z,") == true)
            #expect(lines.dropFirst(2).first?.contains(",T2,,2026-11-22T16:00:30Z,,2026-11-22T16:09:00Z,,,2026-11-22T16:40:00Z,") == true)
            let again = try workspace.importText("calls", "exported.csv", csv)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try workspace.export("calls") == csv, "an export imports back as itself")
        }
    }

    @Test func aStepBeforeTheOneItFollowsNamesTheLineAndBothFields() throws {
        try Workspace.with { workspace in
            #expect(try workspace.importText("calls", "cad.csv", Self.header + Self.rows).status == 0)
            let before = try workspace.export("calls")
            let early = Self.header + Self.rows.replacingOccurrences(of: "2026-11-22T16:09:00Z", with: "2026-11-22T15:59:00Z")
            let refused = try workspace.run("import", "calls", try workspace.write("early.csv", early))
            #expect(refused.status == 65)
            #expect(refused.stderr.contains("early.csv: line 3: field 'on_scene_at': 2026-11-22T15:59:00Z is before assigned_at 2026-11-22T16:00:30Z"),
                    "\(refused.stderr)")
            let noTeam = Self.header + "C9,2026-11-22T14:00:00Z,other,1,,,,,,2026-11-22T14:10:00Z,,,,39.7,-105\n"
            let unnamed = try workspace.run("import", "calls", try workspace.write("noteam.csv", noTeam))
            #expect(unnamed.status == 65 && unnamed.stderr.contains("line 2: field 'team_id'"), "\(unnamed.stderr)")
            #expect(try workspace.export("calls") == before, "the refused files changed nothing")
        }
    }
}
