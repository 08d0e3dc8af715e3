import Foundation
import Testing

/// GeoJSON files the importer must refuse: exit 65, one line naming file,
/// feature (or line and column for broken JSON) and field, and a store
/// exactly as it was (see `expectRefused`).
@Suite struct BadGeoJSONInputTests {
    /// A valid team (feature 0) followed by a team with these properties (feature 1).
    static func team(_ properties: String, geometry: String = Fixture.point(-104.99, 39.74)) -> String {
        Fixture.collection([Fixture.teamFeature("T9"), Fixture.feature(geometry, properties)])
    }

    static func area(_ geometry: String, _ properties: String = #""id":"A9","name":"Nine","population":5"#) -> String {
        Fixture.collection([Fixture.feature(geometry, properties)])
    }

    static func polygon(_ rings: String) -> String { #"{"type":"Polygon","coordinates":[\#(rings)]}"# }

    /// `line L, column C` of the position just past the last character.
    static func endOfFile(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return "line \(lines.count), column \(lines.last!.count + 1)"
    }

    static let truncated = String(Fixture.teams.prefix(Fixture.teams.count - 60))
    // Denver-sized bow tie: the ring crosses itself at (-104.995, 39.705).
    static let bowTie = "[[-105,39.7],[-104.99,39.71],[-104.99,39.7],[-105,39.71],[-105,39.7]]"
    static let square = "[[-105,39.7],[-104.99,39.7],[-104.99,39.71],[-105,39.71],[-105,39.7]]"

    static let syntax: [RefusedInput] = [
        RefusedInput("malformed JSON", "teams", "bad.geojson",
                     "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\" \"geometry\":{}}]}",
                     location: "line 2, column 19", field: nil, message: ["malformed JSON"]),
        RefusedInput("malformed JSON after multi-byte characters", "teams", "utf8.geojson",
                     "{\"type\":\"FeatureCollection\",\n\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"ééé☕☕\" \"id\":1}}]}",
                     location: "line 2, column 60", field: nil, message: ["malformed JSON"]),
        RefusedInput("text after the top-level object", "teams", "trailing.geojson",
                     "{\"type\":\"FeatureCollection\",\n\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"ab\"}}]} x",
                     location: "line 2, column 61", field: nil, message: ["malformed JSON"]),
        // A raw tab inside a string, as pasted from a spreadsheet.
        RefusedInput("unescaped control character in a string", "teams", "tab.geojson",
                     "{\"type\":\"FeatureCollection\",\n\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"ab\tc\"}}]}",
                     location: "line 2, column 55", field: nil, message: ["malformed JSON"]),
        RefusedInput("truncated file", "teams", "cut.geojson", truncated,
                     location: endOfFile(truncated), field: nil, message: ["malformed JSON", "truncated"]),
        RefusedInput("empty file", "teams", "empty.geojson", "", location: nil, field: nil, message: ["the file is empty"]),
        RefusedInput("only white space", "teams", "blank.json", " \n\t\n", location: nil, field: nil, message: ["the file is empty"]),
        RefusedInput("a JSON array, not GeoJSON", "teams", "array.geojson", "[1,2,3]\n", location: nil, field: nil, message: ["GeoJSON"]),
        RefusedInput("a feature that is not a Feature", "teams", "notfeature.geojson",
                     Fixture.collection([Fixture.teamFeature("T9"), "[]"]), location: "feature 1", field: nil, message: ["Feature"]),
        RefusedInput("--crs with GeoJSON", "teams", "crs.geojson", Fixture.teams,
                     location: nil, field: "--crs", message: ["WGS84"], arguments: ["--crs", "EPSG:2232"]),
    ]

    static let content: [RefusedInput] = [
        RefusedInput("missing id", "teams", "noid.geojson",
                     team(#""model":"mobile_crisis","status":"available","fix_at":"2026-11-22T14:00:00Z""#),
                     location: "feature 1", field: "id", message: ["required"]),
        RefusedInput("duplicate id", "teams", "dup.geojson",
                     Fixture.collection([Fixture.teamFeature("T9"), Fixture.teamFeature("T8"), Fixture.teamFeature("T9")]),
                     location: "feature 2", field: "id", message: ["duplicate id 'T9'", "first in feature 0"]),
        RefusedInput("lat out of range", "teams", "lat91.geojson", team(Fixture.minimalTeam, geometry: Fixture.point(-104.99, 91)),
                     location: "feature 1", field: "geometry", message: ["latitude", "91", "outside"]),
        RefusedInput("lon out of range", "teams", "lon181.geojson", team(Fixture.minimalTeam, geometry: Fixture.point(181, 39.74)),
                     location: "feature 1", field: "geometry", message: ["longitude", "181", "outside"]),
        RefusedInput("coordinate given as a string", "teams", "strcoord.geojson",
                     team(Fixture.minimalTeam, geometry: #"{"type":"Point","coordinates":["-104.99",39.74]}"#),
                     location: "feature 1", field: "geometry", message: ["number"]),
        RefusedInput("unknown team status", "teams", "status.geojson",
                     team(#""id":"T10","model":"mobile_crisis","status":"availble","fix_at":"2026-11-22T14:00:00Z""#),
                     location: "feature 1", field: "status", message: ["unknown value 'availble'"] + Fixture.teamStatuses),
        RefusedInput("unknown team model", "teams", "model.geojson",
                     team(#""id":"T10","model":"cop","status":"available","fix_at":"2026-11-22T14:00:00Z""#),
                     location: "feature 1", field: "model", message: ["unknown value 'cop'", "co_responder_ride_along", "clinician_only"]),
        RefusedInput("unknown facility kind", "facilities", "kind.geojson",
                     Fixture.collection([Fixture.feature(Fixture.point(-105, 39.7), #""id":"F9","name":"X","kind":"hospital","timezone":"America/Denver""#)]),
                     location: "feature 0", field: "kind", message: ["unknown value 'hospital'"] + Fixture.facilityKinds),
        RefusedInput("unknown call category", "calls", "cat.geojson",
                     Fixture.collection([Fixture.feature(Fixture.point(-105, 39.7), #""id":"C9","received_at":"2026-11-22T14:00:00Z","category":"mental""#)]),
                     location: "feature 0", field: "category", message: ["unknown value 'mental'"] + Fixture.callCategories),
        RefusedInput("bad RFC 3339 time", "teams", "time.geojson",
                     team(#""id":"T10","model":"mobile_crisis","status":"available","fix_at":"yesterday 2pm""#),
                     location: "feature 1", field: "fix_at", message: ["RFC 3339"]),
        RefusedInput("negative population", "areas", "pop.geojson", area(polygon(square), #""id":"A9","name":"Nine","population":-3"#),
                     location: "feature 0", field: "population", message: ["-3"]),
        RefusedInput("self-intersecting polygon", "areas", "bowtie.geojson", area(polygon(bowTie)),
                     location: "feature 0", field: "geometry", message: ["invalid"]),
        RefusedInput("self-intersecting part of a MultiPolygon", "areas", "multi.geojson",
                     Fixture.collection([Fixture.feature(polygon(square), #""id":"A8","name":"Eight","population":5"#),
                                         Fixture.feature(#"{"type":"MultiPolygon","coordinates":[\#(Fixture.square(-104.8, 39.7)),[\#(bowTie)]]}"#,
                                                         #""id":"A9","name":"Nine","population":5"#)]),
                     location: "feature 1", field: "geometry", message: ["invalid"]),
        RefusedInput("hole outside its shell", "areas", "hole.geojson",
                     area(polygon(square + ",[[-104.9,39.7],[-104.89,39.7],[-104.89,39.71],[-104.9,39.71],[-104.9,39.7]]")),
                     location: "feature 0", field: "geometry", message: ["invalid"]),
        RefusedInput("unclosed ring", "areas", "open.geojson",
                     area(polygon("[[-105,39.7],[-104.99,39.7],[-104.99,39.71],[-105,39.71]]")),
                     location: "feature 0", field: "geometry", message: ["not closed"]),
        RefusedInput("ring of three positions", "areas", "three.geojson", area(polygon("[[-105,39.7],[-104.99,39.7],[-105,39.7]]")),
                     location: "feature 0", field: "geometry", message: ["at least 4"]),
        RefusedInput("Polygon for a team", "teams", "shape.geojson", team(Fixture.minimalTeam, geometry: polygon(square)),
                     location: "feature 1", field: "geometry", message: ["Point", "Polygon"]),
        RefusedInput("LineString for a call", "calls", "line.geojson",
                     Fixture.collection([Fixture.feature(#"{"type":"LineString","coordinates":[[-105,39.7],[-104.9,39.8]]}"#,
                                                         #""id":"C9","received_at":"2026-11-22T14:00:00Z","category":"other""#)]),
                     location: "feature 0", field: "geometry", message: ["LineString"]),
        RefusedInput("Point for an area", "areas", "point.geojson", area(Fixture.point(-105, 39.7)),
                     location: "feature 0", field: "geometry", message: ["Polygon", "Point"]),
        RefusedInput("no geometry", "teams", "null.geojson", team(Fixture.minimalTeam, geometry: "null"),
                     location: "feature 1", field: "geometry", message: ["required"]),
    ]

    @Test(arguments: syntax)
    func fileSyntax(_ input: RefusedInput) throws {
        try expectRefused(input)
    }

    @Test(arguments: content)
    func featureContent(_ input: RefusedInput) throws {
        try expectRefused(input)
    }
}
