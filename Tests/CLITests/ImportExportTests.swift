import Foundation
import GeoCore
import Testing

@Suite struct ImportExportTests {
    @Test func byteOrderMarksCRLFAndQuotedFieldsImport() throws {
        let workspace = try Workspace()
        let csv = "\u{FEFF}" + Fixture.callsHeader.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "lon\r\n", with: "lon,note\r\n")
            + "C1,2026-11-22T14:00:00-07:00,psychiatric,2,,,,39.7392,-104.9903,\"said \"\"help\"\", then\r\nhung up\"\r\n"
        let imported = try workspace.run("import", "calls", try workspace.write("bom.csv", csv))
        #expect(imported.status == 0, "\(imported.stderr)")
        let geojson = "\u{FEFF}" + Fixture.teams
        #expect(try workspace.run("import", "teams", try workspace.write("bom.geojson", geojson)).status == 0)

        let exported = try workspace.run("export", "calls", "--format", "csv")
        #expect(exported.stdout.hasPrefix("id,received_at,category,priority,disposition,team_id,facility_id,lat,lon,note\n"))
        #expect(exported.stdout.contains("\"said \"\"help\"\", then\r\nhung up\""))
    }

    @Test func reimportingTheSameFileIsIdempotent() throws {
        let workspace = try Workspace()
        let path = try workspace.write("c.csv", Fixture.calls)
        let first = try workspace.run("import", "calls", path, "--json")
        #expect(first.stdout.contains("\"inserted\":3") && first.stdout.contains("\"updated\":0"))
        let snapshot = try workspace.snapshot()
        let second = try workspace.run("import", "calls", path)
        #expect(second.stdout.contains("0 new, 3 updated"))
        #expect(try workspace.snapshot() == snapshot)
    }

    @Test(arguments: ["geojson", "csv"])
    func exportsRoundTripThroughAFreshStore(format: String) throws {
        let original = try Fixture.seeded()
        let copy = try Workspace()
        for kind in ["facilities", "teams", "calls", "areas"] {
            let out = original.directory.appendingPathComponent("\(kind).\(format)").path
            let exported = try original.run("export", kind, "--out", out)
            #expect(exported.status == 0, "\(exported.stderr)")
            let imported = try copy.run("import", kind, out)
            #expect(imported.status == 0, "\(kind): \(imported.stderr)")
        }
        #expect(try copy.snapshot() == original.snapshot())
        // Unknown properties survive: the facility's "npi".
        #expect(try copy.run("export", "facilities", "--format", "geojson").stdout.contains("\"npi\":\"1234567890\""))
    }

    @Test func statePlaneFeetAreTransformedToWGS84() throws {
        let workspace = try Workspace()
        // Denver Union Station in NAD83 / Colorado Central (US survey feet).
        let (x, y) = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:2232").apply(x: -105.0002, y: 39.7527)
        let csv = "id,received_at,category,easting,northing\nC1,2026-11-22T14:00:00Z,other,\(x),\(y)\n"
        let result = try workspace.run("import", "calls", try workspace.write("sp.csv", csv),
                                       "--x-column", "easting", "--y-column", "northing", "--crs", "EPSG:2232")
        #expect(result.status == 0, "\(result.stderr)")
        let row = try #require(try workspace.run("export", "calls", "--format", "csv").stdout.split(separator: "\n").last)
        let fields = row.split(separator: ",", omittingEmptySubsequences: false)
        let lat = try #require(Double(fields[7]))
        let lon = try #require(Double(fields[8]))
        #expect(abs(lat - 39.7527) < 1e-7 && abs(lon - -105.0002) < 1e-7, "landed at \(lat), \(lon)")
    }

    @Test func exportToAFileAppearsOnlyWhenComplete() throws {
        let workspace = try Fixture.seeded()
        let out = workspace.directory.appendingPathComponent("no-such-folder/calls.csv").path
        let result = try workspace.run("export", "calls", "--out", out)
        #expect(result.status != 0)
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

@Suite struct StoreSafetyTests {
    @Test func aFileThatIsNotAStoreIsRefusedAndLeftAlone() throws {
        let workspace = try Workspace()
        let bytes = (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let path = try workspace.write("random.sqlite", bytes: bytes)
        let result = try workspace.runArguments(["import", "calls", try workspace.write("c.csv", Fixture.calls), "--db", path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("is not a crisismap store"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
    }

    @Test func aMissingStoreIsAUsageErrorThatSaysHowToCreateOne() throws {
        let workspace = try Workspace()
        let result = try workspace.runArguments(["export", "calls", "--db", workspace.directory.appendingPathComponent("none.sqlite").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("crisismap init"))
    }

    @Test func killingAnImportLeavesTheOldContents() throws {
        let workspace = try Workspace()
        #expect(try workspace.run("import", "calls", try workspace.write("seed.csv", Fixture.calls)).status == 0)
        let before = try workspace.snapshot()

        var csv = Fixture.callsHeader
        csv.reserveCapacity(40_000_000)
        for i in 0..<500_000 {
            csv += "K\(i),2026-06-01T12:00:00Z,other,3,,,,\(39.5 + Double(i % 1000) / 2000),\(-105.2 + Double(i / 1000) / 2000)\n"
        }
        let path = try workspace.write("big.csv", csv)
        let (process, _, _) = try CLI.start(["import", "calls", path, "--db", workspace.db], in: workspace.directory)
        // Kill it once it is writing: the write-ahead log has grown.
        let wal = workspace.db + "-wal"
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            if size > 2_000_000 { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(process.isRunning, "the import finished before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try workspace.snapshot() == before)
    }
}

@Suite struct UsageTests {
    @Test(arguments: [["import", "nonsense", "x.csv"], ["import", "calls"], ["export", "calls", "--frobnicate"],
                      ["nearest-team", "--lat", "91", "--lon", "0"], ["nearest-facility", "--lat", "39", "--lon", "-105", "--kind", "spa"]])
    func usageErrorsExitOne(_ arguments: [String]) throws {
        let workspace = try Workspace()
        let result = try workspace.runArguments(arguments + ["--db", workspace.db])
        #expect(result.status == 1, "\(arguments): exit \(result.status) \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test func helpTeaches() throws {
        let workspace = try Workspace()
        let result = try workspace.runArguments(["--help"])
        #expect(result.status == 0)
        for command in ["init", "import", "export", "nearest-team", "nearest-facility", "demo"] {
            #expect(result.stdout.contains(command))
        }
        let importHelp = try workspace.runArguments(["import", "--help"])
        #expect(importHelp.status == 0 && importHelp.stdout.contains("--crs"))
    }
}

@Suite struct HSDSCLITests {
    @Test func anHSDSDirectoryImportsWithItsWarningsOnStderr() throws {
        let workspace = try Workspace()
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) { root.deleteLastPathComponent() }
        let result = try workspace.run("import", "facilities", root.appendingPathComponent("GeoData/hsds").path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("imported 6 facilities"))
        #expect(result.stderr.contains("crisismap: warning: schedules.csv: line 10: field 'freq': MONTHLY"))
        let refused = try workspace.run("import", "teams", root.appendingPathComponent("GeoData/hsds").path)
        #expect(refused.status == 65 && refused.stderr.contains("facilities only"))
    }
}
