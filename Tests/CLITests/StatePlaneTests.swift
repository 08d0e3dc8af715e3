import Foundation
import Testing

/// CAD exports in projected coordinates land where they should in WGS84.
@Suite struct StatePlaneTests {
    struct Reference: CustomTestStringConvertible, Sendable {
        var name: String
        var x: Double
        var y: Double
        var lat: Double
        var lon: Double
        var testDescription: String { name }
    }

    /// NAD83 / Colorado Central (ftUS), EPSG:2232, to WGS84, computed outside
    /// this project with PROJ 9.1.1: `cs2cs -f %.10f EPSG:2232 EPSG:4326`
    /// (NAD83 taken as WGS84, PROJ's default without NADCON grids; the two
    /// differ by about a metre, 1e-5 degrees).
    static let colorado: [Reference] = [
        Reference(name: "Denver Union Station", x: 3_140_528.6639, y: 1_699_437.5592, lat: 39.7527, lon: -105.0002),
        Reference(name: "round numbers downtown", x: 3_139_500, y: 1_702_000, lat: 39.7597498053, lon: -105.0038086654),
        Reference(name: "east Denver, fractional feet", x: 3_165_250.5, y: 1_687_420.25, lat: 39.7193042225, lon: -104.9125537050),
        Reference(name: "foothills", x: 3_050_000, y: 1_600_000, lat: 39.4806376013, lon: -105.3228595414),
    ]

    /// The position of the one call in the store, from the CSV export.
    func exportedPosition(_ workspace: Workspace) throws -> (lat: Double, lon: Double, header: Substring) {
        let lines = try workspace.export("calls").split(separator: "\n")
        try #require(lines.count == 2, "\(lines)")
        let header = lines[0]
        let fields = lines[1].split(separator: ",", omittingEmptySubsequences: false)
        let columns = header.split(separator: ",")
        let lat = try #require(columns.firstIndex(of: "lat").flatMap { Double(fields[$0]) })
        let lon = try #require(columns.firstIndex(of: "lon").flatMap { Double(fields[$0]) })
        return (lat, lon, header)
    }

    @Test(arguments: colorado)
    func coloradoCentralFeet(_ point: Reference) throws {
        try Workspace.with { workspace in
            let csv = "id,received_at,category,x,y\nSP1,2026-11-22T14:00:00Z,other,\(point.x),\(point.y)\n"
            let result = try workspace.run("import", "calls", try workspace.write("cad.csv", csv),
                                           "--x-column", "x", "--y-column", "y", "--crs", "EPSG:2232")
            #expect(result.status == 0, "\(result.stderr)")
            let position = try exportedPosition(workspace)
            #expect(abs(position.lat - point.lat) < 1e-5, "lat \(position.lat), expected \(point.lat)")
            #expect(abs(position.lon - point.lon) < 1e-5, "lon \(position.lon), expected \(point.lon)")
            // x and y were read as the position, not kept as extra columns.
            #expect(position.header + "\n" == Fixture.callsHeader)
        }
    }

    @Test func webMercatorMetres() throws {
        // EPSG:3857 inverts in closed form on a sphere of radius 6,378,137 m.
        let radius = 6_378_137.0
        let (x, y) = (-11_688_546.533293726, 4_828_455.4171332)
        let lon = x / radius * 180 / .pi
        let lat = (2 * atan(exp(y / radius)) - .pi / 2) * 180 / .pi
        try Workspace.with { workspace in
            let csv = "easting,northing,id,received_at,category\n\(x),\(y),M1,2026-11-22T14:00:00Z,other\n"
            let result = try workspace.run("import", "calls", try workspace.write("m.csv", csv),
                                           "--x-column", "easting", "--y-column", "northing", "--crs", "EPSG:3857")
            #expect(result.status == 0, "\(result.stderr)")
            let position = try exportedPosition(workspace)
            #expect(abs(position.lat - lat) < 1e-7 && abs(position.lon - lon) < 1e-7,
                    "landed at \(position.lat), \(position.lon); expected \(lat), \(lon)")
        }
    }

    @Test func wgs84ColumnsUnderOtherNames() throws {
        try Workspace.with { workspace in
            let csv = "id,received_at,category,longitude,latitude\nW1,2026-11-22T14:00:00Z,other,-104.9903,39.7392\n"
            let result = try workspace.run("import", "calls", try workspace.write("w.csv", csv),
                                           "--x-column", "longitude", "--y-column", "latitude", "--crs", "EPSG:4326")
            #expect(result.status == 0, "\(result.stderr)")
            let position = try exportedPosition(workspace)
            #expect(position.lat == 39.7392 && position.lon == -104.9903)
        }
    }

    @Test func aStatePlaneRowWithoutItsYIsRefused() throws {
        try expectRefused(RefusedInput(
            "missing y", "calls", "cad.csv", "id,received_at,category,x,y\nSP1,2026-11-22T14:00:00Z,other,3139500,\n",
            location: "line 2", field: "y", message: ["required"],
            arguments: ["--x-column", "x", "--y-column", "y", "--crs", "EPSG:2232"]))
    }
}
