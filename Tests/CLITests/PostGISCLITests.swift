import Foundation
import Testing
import TestSupport

/// The command line over a PostGIS store: the same answers as over the
/// SpatiaLite file, the same refusals, and `copy` between the two.
@Suite struct PostGISCLITests {
    /// The seeded file copied into a fresh PostGIS database with `crisismap copy`.
    static func seededDatabase(_ workspace: Workspace) throws -> PostgresTestDatabase {
        let database = try PostgresTestDatabase()
        let copied = try workspace.runArguments(["copy", "--from", workspace.db, "--to", database.url])
        try #require(copied.status == 0, "copy: \(copied.stderr)")
        #expect(copied.stdout.contains("copied"), "\(copied.stdout)")
        for table in ["facilities", "teams", "calls", "areas", "api_keys", "audit", "road_edges"] {
            #expect(copied.stdout.contains(" \(table)") , "\(copied.stdout)")
        }
        #expect(!copied.stdout.contains("DIFFERS"), "\(copied.stdout)")
        return database
    }

    @Test func everyQueryAnswersAlikeOverBothStores() throws {
        try Workspace.with(seeded: true) { workspace in
            let database = try Self.seededDatabase(workspace)
            let commands: [[String]] = [
                ["nearest-team", "--lat", "39.74", "--lon", "-104.99", "--at", "2026-11-22T14:05:00-07:00", "--json"],
                ["nearest-facility", "--lat", "39.72", "--lon", "-105.0098", "--at", "2026-11-22T14:05:00-07:00", "--json"],
                ["underserved", "--privacy", "exact", "--json"],
                ["export", "facilities", "--format", "geojson"],
                ["export", "calls", "--format", "csv"],
                ["export", "areas", "--format", "geojson"],
            ]
            for command in commands {
                let file = try workspace.runArguments(command + ["--db", workspace.db])
                let postgis = try workspace.runArguments(command + ["--db", database.url])
                #expect(file.status == 0 && postgis.status == 0, "\(command): \(file.stderr) \(postgis.stderr)")
                #expect(Self.withoutTimings(postgis.stdout) == Self.withoutTimings(file.stdout),
                        "\(command.joined(separator: " ")) differs over PostGIS")
            }
            let heatFile = try workspace.run("heatmap", "--privacy", "exact", "--out", "file.geojson", "--cell-size", "200m", "--bandwidth", "1km",
                                             "--min-count", "1", "--allow-small-counts")
            let heatDatabase = try workspace.runArguments(["heatmap", "--privacy", "exact", "--out", "db.geojson", "--cell-size", "200m", "--bandwidth", "1km",
                                                           "--min-count", "1", "--allow-small-counts", "--db", database.url])
            #expect(heatFile.status == 0 && heatDatabase.status == 0, "\(heatFile.stderr) \(heatDatabase.stderr)")
            #expect(try String(contentsOfFile: workspace.path("file.geojson"), encoding: .utf8)
                    == String(contentsOfFile: workspace.path("db.geojson"), encoding: .utf8))
        }
    }

    /// How long each step took is the one thing allowed to differ.
    static func withoutTimings(_ text: String) -> String {
        text.replacingOccurrences(of: #""timings_s":\{[^}]*\}"#, with: "", options: .regularExpression)
    }

    @Test func aBadRowIsRefusedWithTheSameMessageAndTheDatabaseIsUnchanged() throws {
        try Workspace.with(seeded: true) { workspace in
            let database = try Self.seededDatabase(workspace)
            let bowTie = "[[-105,39.7],[-104.99,39.71],[-104.99,39.7],[-105,39.71],[-105,39.7]]"
            let row = "A9,Bow tie,5,\"{\"\"type\"\":\"\"Polygon\"\",\"\"coordinates\"\":[\(bowTie)]}\"\n"
            let path = try workspace.write("bowtie.csv", "id,name,population,geometry\nA8,Fine,5,\"{\"\"type\"\":\"\"Polygon\"\",\"\"coordinates\"\":[[[-105,39.7],[-104.99,39.7],[-104.99,39.71],[-105,39.7]]]}\"\n" + row)
            let before = try workspace.runArguments(["export", "areas", "--format", "csv", "--db", database.url]).stdout
            let onFile = try workspace.runArguments(["import", "areas", path, "--db", workspace.db])
            let onDatabase = try workspace.runArguments(["import", "areas", path, "--db", database.url])
            #expect(onDatabase.status == 65, "\(onDatabase.stderr)")
            #expect(onDatabase.stderr.hasPrefix("crisismap: bowtie.csv: line 3: field 'geometry': "), "\(onDatabase.stderr)")
            #expect(onDatabase.stderr.contains("invalid"), "\(onDatabase.stderr)")
            #expect(onFile.status == 65 && onFile.stderr.hasPrefix("crisismap: bowtie.csv: line 3: field 'geometry': "), "\(onFile.stderr)")
            #expect(try workspace.runArguments(["export", "areas", "--format", "csv", "--db", database.url]).stdout == before)
        }
    }

    @Test func roadsImportAndRouteAlikeOverBothStores() throws {
        try Workspace.with { workspace in
            let database = try PostgresTestDatabase()
            #expect(try workspace.runArguments(["init", "--db", database.url]).status == 0)
            let extract = try workspace.write("river.osm", RouteCLITests.extract)
            for db in [workspace.db, database.url] {
                let imported = try workspace.runArguments(["import", "roads", extract, "--db", db])
                #expect(imported.status == 0, "\(imported.stderr)")
            }
            let route = ["route", "--from", "40.0,-105.01", "--to", "40.01,-105.01", "--json"]
            let file = try workspace.runArguments(route + ["--db", workspace.db])
            let postgis = try workspace.runArguments(route + ["--db", database.url])
            #expect(file.status == 0 && !file.stdout.isEmpty, "\(file.stderr)")
            #expect(postgis.stdout == file.stdout, "\(postgis.stderr)")
        }
    }

    @Test func aStoreRoundTripsThroughPostGISAndBack() throws {
        try Workspace.with(seeded: true) { workspace in
            let database = try Self.seededDatabase(workspace)
            let back = workspace.path("back.sqlite")
            let copied = try workspace.runArguments(["copy", "--from", database.url, "--to", back])
            #expect(copied.status == 0, "\(copied.stderr)")
            for kind in ["facilities", "teams", "calls", "areas"] {
                let original = try workspace.run("export", kind, "--format", "geojson").stdout
                let returned = try workspace.runArguments(["export", kind, "--format", "geojson", "--db", back]).stdout
                #expect(returned == original, "\(kind) changed on the way")
            }
            let again = try workspace.runArguments(["copy", "--from", workspace.db, "--to", back])
            #expect(again.status == 1 && again.stderr.contains("already holds data"), "\(again.stderr)")
        }
    }
}
