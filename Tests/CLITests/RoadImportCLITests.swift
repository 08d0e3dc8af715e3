import Foundation
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// `crisismap import roads`: counts and reasons printed, the store's network
/// replaced in one go, and bad files refused with exit 65 and a location.
@Suite struct RoadImportCLITests {
    /// A crossing, a one-way street, a footway and a way cut off by the extract's edge.
    static let osm = """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="crisismap tests">
          <node id="1" lat="39.70" lon="-105.00"/>
          <node id="2" lat="39.70" lon="-104.99"/>
          <node id="3" lat="39.70" lon="-104.98"/>
          <node id="4" lat="39.69" lon="-104.99"/>
          <node id="5" lat="39.71" lon="-104.99"/>
          <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
          <way id="11"><nd ref="4"/><nd ref="2"/><nd ref="5"/><tag k="highway" v="primary"/><tag k="oneway" v="yes"/></way>
          <way id="12"><nd ref="1"/><nd ref="4"/><tag k="highway" v="footway"/></way>
          <way id="13"><nd ref="3"/><nd ref="77"/><tag k="highway" v="service"/></way>
        </osm>

        """

    static func summary(_ workspace: Workspace) async throws -> RoadImportSummary? {
        try await SpatiaLiteStore(path: workspace.db).roads.roadSummary()
    }

    @Test func printsCountsAndWhatWasLeftOut() async throws {
        try await Workspace.withAsync { workspace in
            let result = try workspace.importText("roads", "town.osm", Self.osm)
            #expect(result.stdout.contains("imported roads from town.osm: 4 edges between 5 nodes"), "\(result.stdout)")
            #expect(result.stdout.contains("2 one-way edges"))
            #expect(result.stdout.contains("left out 2 highway ways:"))
            #expect(result.stdout.contains("not drivable: 1 (footway 1)"))
            #expect(result.stdout.contains("nodes missing from the file: 1 (ways 13)"))
            let summary = try #require(try await Self.summary(workspace))
            #expect(summary.edgeCount == 4 && summary.source == "town.osm")
        }
    }

    @Test func jsonAndPBFGiveTheSameNetwork() async throws {
        try await Workspace.withAsync { workspace in
            let xml = try workspace.write("town.osm", Self.osm)
            let pbf = workspace.path("town.osm.pbf")
            try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/osmium"), "osmium-tool is needed: run Tools/install-deps.sh")
            try ChildProcess.output("/usr/bin/osmium", ["cat", xml, "-o", pbf])
            var objects: [[String: Any]] = []
            for file in [xml, pbf] {
                let result = try workspace.run("import", "roads", file, "--json")
                try #require(result.status == 0, "\(result.stderr)")
                objects.append(try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]))
            }
            for key in ["edges", "nodes", "oneway_edges", "length_km", "kept_ways", "highway_ways"] {
                #expect("\(objects[0][key] ?? "-")" == "\(objects[1][key] ?? "-")", "\(key)")
            }
            #expect(objects[1]["edges"] as? Int == 4)
            #expect(objects[1]["skipped"] as? [String: Int] == ["not_drivable": 1, "missing_nodes": 1])
            #expect((objects[1]["import_id"] as? Int ?? 0) > (objects[0]["import_id"] as? Int ?? 0))
        }
    }

    @Test func badFilesExit65AndLeaveTheRoadsAsTheyWere() async throws {
        try await Workspace.withAsync { workspace in
            try workspace.importText("roads", "town.osm", Self.osm)
            let before = try await Self.summary(workspace)

            let wrongKind = try workspace.run("import", "roads", try workspace.write("roads.geojson", "{}"))
            #expect(wrongKind.status == 65)
            #expect(wrongKind.stderr.contains("roads.geojson"), "\(wrongKind.stderr)")

            let badLine = Self.osm.replacingOccurrences(of: #"lat="39.71""#, with: #"lat="x""#)
            let xml = try workspace.run("import", "roads", try workspace.write("bad.osm", badLine))
            #expect(xml.status == 65)
            #expect(xml.stderr.contains("bad.osm: line 7: field 'lat'"), "\(xml.stderr)")

            var pbf = [UInt8](repeating: 0, count: 64)
            pbf[3] = 13
            pbf.replaceSubrange(4..<17, with: [0x0A, 0x09] + Array("OSMHeader".utf8) + [0x18, 0x7F])
            let corrupt = try workspace.run("import", "roads", try workspace.write("bad.osm.pbf", bytes: Data(pbf)))
            #expect(corrupt.status == 65)
            #expect(corrupt.stderr.contains("bad.osm.pbf: blob at byte offset 0"), "\(corrupt.stderr)")

            let nothing = try workspace.run("import", "roads", try workspace.write("empty.osm", "<osm version=\"0.6\"/>"))
            #expect(nothing.status == 65)
            #expect(nothing.stderr.contains("no drivable roads"), "\(nothing.stderr)")

            #expect(try await Self.summary(workspace) == before)
        }
    }

    @Test func optionsOfOtherKindsAreUsageErrors() throws {
        try Workspace.with { workspace in
            let result = try workspace.run("import", "roads", "town.osm", "--crs", "EPSG:2232")
            #expect(result.status == 1)
            #expect(result.stderr.contains("--crs"))
        }
    }

    @Test func aTerminalSeesThePasses() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("/usr/bin/script (util-linux) is needed to give the import a terminal")
            return
        }
        try Workspace.with { workspace in
            let path = try workspace.write("town.osm", Self.osm)
            let command = "'\(CLI.binary.path)' import roads '\(path)' --db '\(workspace.db)'"
            let (status, text) = try CLI.runOnTerminal(command)
            #expect(status == 0)
            #expect(text.contains("pass 1 of 2"), "\(text)")
            #expect(text.contains("writing 4 edges"), "\(text)")
        }
    }
}
