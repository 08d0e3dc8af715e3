import Foundation
import Testing

/// Every kind of bad input: exit 65, a message naming file, place and field,
/// and a store exactly as it was.
@Suite struct BadInputTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var kind: String
        var file: String
        var content: String
        /// Substrings the one-line message must contain (location, field, gist).
        var expected: [String]
        var extraArguments: [String] = []
        var description: String { name }
    }

    static let h = Fixture.callsHeader
    static func team(_ properties: String, geometry: String = #"{"type":"Point","coordinates":[-104.99,39.74]}"#) -> String {
        Fixture.collection([Fixture.teamFeature("T9"), #"{"type":"Feature","geometry":\#(geometry),"properties":{\#(properties)}}"#])
    }
    static let goodTeam = #""id":"T10","model":"mobile_crisis","status":"available","fix_at":"2026-11-22T14:00:00Z""#

    static let cases: [Case] = [
        Case(name: "malformed JSON", kind: "teams", file: "bad.geojson",
             content: "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\" \"geometry\":{}}]}",
             expected: ["line 2, column", "malformed JSON"]),
        Case(name: "truncated GeoJSON", kind: "teams", file: "cut.geojson",
             content: String(Fixture.teams.prefix(150)), expected: ["line 2, column", "truncated"]),
        Case(name: "truncated CSV", kind: "calls", file: "cut.csv",
             content: h + "C1,2026-11-22T14:00:00Z,other,1,,,,39.7,-105\nC2,2026-11-22T1",
             expected: ["line 3", "expected 9 fields, found 2"]),
        Case(name: "empty CSV", kind: "calls", file: "empty.csv", content: "", expected: ["the file is empty"]),
        Case(name: "empty GeoJSON", kind: "teams", file: "empty.geojson", content: "", expected: ["the file is empty"]),
        Case(name: "missing id", kind: "calls", file: "noid.csv",
             content: h + ",2026-11-22T14:00:00Z,other,1,,,,39.7,-105\n", expected: ["line 2", "field 'id'", "required"]),
        Case(name: "duplicate id", kind: "calls", file: "dup.csv",
             content: h + "C1,2026-11-22T14:00:00Z,other,1,,,,39.7,-105\nC1,2026-11-22T14:00:00Z,other,1,,,,39.7,-105\n",
             expected: ["line 3", "field 'id'", "duplicate id 'C1' (first on line 2)"]),
        Case(name: "duplicate id in GeoJSON", kind: "teams", file: "dup.geojson",
             content: team(#""id":"T9","model":"mobile_crisis","status":"available","fix_at":"2026-11-22T14:00:00Z""#),
             expected: ["feature 1", "field 'id'", "duplicate id 'T9' (first in feature 0)"]),
        Case(name: "non-numeric lat", kind: "calls", file: "lat.csv",
             content: h + "C1,2026-11-22T14:00:00Z,other,1,,,,abc,-105\n", expected: ["line 2", "field 'lat'", "not a number"]),
        Case(name: "lat out of range", kind: "calls", file: "lat91.csv",
             content: h + "C1,2026-11-22T14:00:00Z,other,1,,,,91,-105\n", expected: ["line 2", "field 'lat'", "outside [-90, 90]"]),
        Case(name: "lon out of range", kind: "calls", file: "lon181.csv",
             content: h + "C1,2026-11-22T14:00:00Z,other,1,,,,39.7,181\n", expected: ["line 2", "field 'lon'", "outside [-180, 180]"]),
        Case(name: "NaN coordinate", kind: "calls", file: "nan.csv",
             content: h + "C1,2026-11-22T14:00:00Z,other,1,,,,NaN,-105\n", expected: ["line 2", "field 'lat'", "not a finite number"]),
        Case(name: "GeoJSON position out of range", kind: "teams", file: "far.geojson",
             content: team(goodTeam, geometry: #"{"type":"Point","coordinates":[-104.99,95]}"#),
             expected: ["feature 1", "field 'geometry'", "latitude 95.0 is outside"]),
        Case(name: "unknown facility kind", kind: "facilities", file: "kind.csv",
             content: "id,name,kind,timezone,lat,lon\nF1,X,hospital,America/Denver,39.7,-105\n",
             expected: ["line 2", "field 'kind'", "unknown value 'hospital'", "crisis_stabilization"]),
        Case(name: "unknown team status", kind: "teams", file: "status.geojson",
             content: team(#""id":"T10","model":"mobile_crisis","status":"availble","fix_at":"2026-11-22T14:00:00Z""#),
             expected: ["feature 1", "field 'status'", "unknown value 'availble'", "en_route"]),
        Case(name: "unknown call category", kind: "calls", file: "cat.csv",
             content: h + "C1,2026-11-22T14:00:00Z,mental,1,,,,39.7,-105\n",
             expected: ["line 2", "field 'category'", "unknown value 'mental'", "welfare_check"]),
        Case(name: "self-intersecting polygon", kind: "areas", file: "bowtie.geojson",
             content: Fixture.collection([#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-105,39.7],[-104.99,39.71],[-104.99,39.7],[-105,39.71],[-105,39.7]]]},"properties":{"id":"A9","name":"Bow tie","population":5}}"#]),
             expected: ["feature 0", "field 'geometry'", "invalid polygon", "Self-intersection"]),
        Case(name: "unclosed ring", kind: "areas", file: "open.geojson",
             content: Fixture.collection([#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-105,39.7],[-104.99,39.7],[-104.99,39.71],[-105,39.71]]]},"properties":{"id":"A9","name":"Open","population":5}}"#]),
             expected: ["feature 0", "field 'geometry'", "not closed"]),
        Case(name: "polygon for a team", kind: "teams", file: "shape.geojson",
             content: team(goodTeam, geometry: #"{"type":"Polygon","coordinates":\#(Fixture.square(-105, 39.7))}"#),
             expected: ["feature 1", "field 'geometry'", "expected a Point, found a Polygon"]),
        Case(name: "point for an area", kind: "areas", file: "point.geojson",
             content: Fixture.collection([#"{"type":"Feature","geometry":{"type":"Point","coordinates":[-105,39.7]},"properties":{"id":"A9","name":"Dot","population":5}}"#]),
             expected: ["feature 0", "field 'geometry'", "expected a Polygon or MultiPolygon"]),
        Case(name: "too many fields", kind: "calls", file: "many.csv",
             content: h + "C1,2026-11-22T14:00:00Z,other,1,,,,39.7,-105,surplus\n", expected: ["line 2", "expected 9 fields, found 10"]),
        Case(name: "too few fields", kind: "calls", file: "few.csv",
             content: h + "C1,2026-11-22T14:00:00Z,other,1,39.7,-105\n", expected: ["line 2", "expected 9 fields, found 6"]),
        Case(name: "bad time", kind: "calls", file: "time.csv",
             content: h + "C1,22/11/2026 14:00,other,1,,,,39.7,-105\n", expected: ["line 2", "field 'received_at'", "RFC 3339"]),
        Case(name: "priority out of range", kind: "calls", file: "prio.csv",
             content: h + "C1,2026-11-22T14:00:00Z,other,9,,,,39.7,-105\n", expected: ["line 2", "field 'priority'", "outside 1...5"]),
        Case(name: "unknown time zone", kind: "facilities", file: "tz.csv",
             content: "id,name,kind,timezone,lat,lon\nF1,X,detox,Mountain Time,39.7,-105\n",
             expected: ["line 2", "field 'timezone'", "IANA"]),
        Case(name: "bad opening hours", kind: "facilities", file: "hours.csv",
             content: "id,name,kind,timezone,hours,lat,lon\nF1,X,detox,America/Denver,Mo-Fr 8-5,39.7,-105\n",
             expected: ["line 2", "field 'hours'"]),
        Case(name: "missing coordinate column", kind: "calls", file: "nolat.csv",
             content: "id,received_at,category,lon\nC1,2026-11-22T14:00:00Z,other,-105\n", expected: ["line 1", "field 'lat'", "missing from the header"]),
        Case(name: "unterminated quote", kind: "calls", file: "quote.csv",
             content: h + "C1,2026-11-22T14:00:00Z,\"other,1,,,,39.7,-105\n", expected: ["line 2", "never closed"]),
        Case(name: "unknown CRS", kind: "calls", file: "crs.csv",
             content: "id,received_at,category,x,y\nC1,2026-11-22T14:00:00Z,other,3140000,1700000\n",
             expected: ["field '--crs'", "EPSG:999999"], extraArguments: ["--x-column", "x", "--y-column", "y", "--crs", "EPSG:999999"]),
    ]

    @Test(arguments: cases)
    func isRefusedWithFileLineAndFieldAndChangesNothing(_ input: Case) throws {
        let workspace = try Fixture.seeded()
        let before = try workspace.snapshot()
        let path = try workspace.write(input.file, input.content)
        let result = try workspace.runArguments(["import", input.kind, path, "--db", workspace.db] + input.extraArguments)

        #expect(result.status == 65, "exit \(result.status): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(result.stderr)")
        #expect(result.stderr.hasPrefix("crisismap: \(input.file): "), "message does not start with the file: \(result.stderr)")
        for piece in input.expected {
            #expect(result.stderr.contains(piece), "'\(piece)' missing from: \(result.stderr)")
        }
        #expect(result.stdout.isEmpty)
        let after = try workspace.snapshot()
        #expect(after == before, "the store changed after a refused import:\nBEFORE\n\(before)\nAFTER\n\(after)")
    }
}
