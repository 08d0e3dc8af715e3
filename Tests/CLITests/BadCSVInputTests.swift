import Foundation
import Testing

/// CSV files the importer must refuse: exit 65, one line naming file, line and
/// field, and a store exactly as it was (see `expectRefused`).
@Suite struct BadCSVInputTests {
    static let h = Fixture.callsHeader
    static let good = "C1,2026-11-22T14:00:00Z,other,1,,,,39.7,-105\n"
    /// A calls row with the given lat and lon.
    static func at(_ lat: String, _ lon: String) -> String { h + "C9,2026-11-22T14:00:00Z,other,1,,,,\(lat),\(lon)\n" }
    static let facilityHeader = "id,name,kind,timezone,hours,lat,lon\n"
    static func areaRow(_ id: String, _ ring: String, population: String = "5") -> String {
        let geometry = #"{"type":"Polygon","coordinates":[\#(ring)]}"#.replacingOccurrences(of: "\"", with: "\"\"")
        return "\(id),Area \(id),\(population),\"\(geometry)\"\n"
    }
    static let square = "[[-105,39.7],[-104.99,39.7],[-104.99,39.71],[-105,39.71],[-105,39.7]]"
    static let bowTie = "[[-105,39.7],[-104.99,39.71],[-104.99,39.7],[-105,39.71],[-105,39.7]]"

    static let structure: [RefusedInput] = [
        RefusedInput("truncated: last row cut mid-way", "calls", "cut.csv", h + good + "C2,2026-11-22T1",
                     location: "line 3", field: nil, message: ["expected 9 fields, found 2"]),
        RefusedInput("truncated inside a quoted field", "calls", "cutquote.csv", h + good + "C2,\"2026-11-22T1",
                     location: "line 3", field: nil, message: ["never closed"]),
        RefusedInput("empty file", "calls", "empty.csv", "", location: nil, field: nil, message: ["the file is empty"]),
        RefusedInput("only a byte-order mark", "calls", "bomonly.csv", "\u{FEFF}", location: nil, field: nil, message: ["the file is empty"]),
        RefusedInput("too many fields", "calls", "many.csv", h + good + "C2,2026-11-22T14:00:00Z,other,1,,,,39.7,-105,surplus\n",
                     location: "line 3", field: nil, message: ["expected 9 fields, found 10"]),
        RefusedInput("too few fields", "calls", "few.csv", h + "C2,2026-11-22T14:00:00Z,other,1,39.7,-105\n",
                     location: "line 2", field: nil, message: ["expected 9 fields, found 6"]),
        RefusedInput("too few fields after a quoted field spanning lines", "calls", "span.csv",
                     "id,received_at,category,lat,lon,note\nC1,2026-11-22T14:00:00Z,other,39.7,-105,\"one\ntwo, three\nfour\"\nC2,2026-11-22T14:00:00Z,other,39.7\n",
                     location: "line 5", field: nil, message: ["expected 6 fields, found 4"]),
        RefusedInput("bad value after CRLF quoted field spanning lines", "calls", "spancrlf.csv",
                     "id,received_at,category,lat,lon,note\r\nC1,2026-11-22T14:00:00Z,other,39.7,-105,\"one\r\ntwo\"\r\nC2,2026-11-22T14:00:00Z,other,abc,-105,x\r\n",
                     location: "line 4", field: "lat", message: ["not a number"]),
        RefusedInput("stray quote in an unquoted field", "calls", "stray.csv", h + "C1,2026-11-22T14:00:00Z,oth\"er,1,,,,39.7,-105\n",
                     location: "line 2", field: nil, message: ["quote"]),
        RefusedInput("coordinate column missing from the header", "calls", "nolat.csv",
                     "id,received_at,category,lon\nC1,2026-11-22T14:00:00Z,other,-105\n",
                     location: "line 1", field: "lat", message: ["missing from the header"]),
        // A required column absent from the header is a header problem like a missing lat.
        RefusedInput("required column missing from the header", "calls", "nocategory.csv",
                     "id,received_at,lat,lon\nC1,2026-11-22T14:00:00Z,39.7,-105\n",
                     location: "line 1", field: "category", message: ["missing"]),
        RefusedInput("column twice in the header", "calls", "twice.csv", "id,received_at,category,lat,lon,id\n",
                     location: "line 1", field: "id", message: ["twice"]),
        RefusedInput("bytes that are not UTF-8 (Latin-1)", "calls", "latin1.csv",
                     bytes: Data("id,received_at,category,lat,lon,note\nC1,2026-11-22T14:00:00Z,other,39.7,-105,caf".utf8) + Data([0xE9, 0x0A]),
                     location: "line 2", field: nil, message: ["UTF-8"]),
    ]

    static let fields: [RefusedInput] = [
        RefusedInput("missing id", "calls", "noid.csv", h + ",2026-11-22T14:00:00Z,other,1,,,,39.7,-105\n",
                     location: "line 2", field: "id", message: ["required"]),
        RefusedInput("duplicate id", "calls", "dup.csv", h + good + "C2,2026-11-22T14:00:00Z,other,1,,,,39.7,-105\n" + good,
                     location: "line 4", field: "id", message: ["duplicate id 'C1'", "first on line 2"]),
        RefusedInput("duplicate id whose first row spans lines", "calls", "dupspan.csv",
                     "id,received_at,category,lat,lon,note\nC1,2026-11-22T14:00:00Z,other,39.7,-105,\"a\nb\"\nC1,2026-11-22T14:00:00Z,other,39.7,-105,c\n",
                     location: "line 4", field: "id", message: ["duplicate id 'C1'", "first on line 2"]),
        RefusedInput("non-numeric lat", "calls", "lat.csv", at("abc", "-105"), location: "line 2", field: "lat", message: ["'abc'", "not a number"]),
        RefusedInput("decimal comma in lat", "calls", "comma.csv", at("\"39,7\"", "-105"), location: "line 2", field: "lat", message: ["not a number"]),
        // Swift's Double("0x27") is 39.0: a CAD file's garbage must not become a position.
        RefusedInput("hexadecimal lat", "calls", "hex.csv", at("0x27", "-105"), location: "line 2", field: "lat", message: ["not a number"]),
        RefusedInput("lat out of range", "calls", "lat91.csv", at("91", "-105"), location: "line 2", field: "lat", message: ["91", "outside"]),
        RefusedInput("lon out of range", "calls", "lon181.csv", at("39.7", "181"), location: "line 2", field: "lon", message: ["181", "outside"]),
        RefusedInput("NaN lat", "calls", "nan.csv", at("NaN", "-105"), location: "line 2", field: "lat", message: ["finite"]),
        RefusedInput("nan lon", "calls", "nanlon.csv", at("39.7", "nan"), location: "line 2", field: "lon", message: ["finite"]),
        RefusedInput("infinite lat", "calls", "inf.csv", at("inf", "-105"), location: "line 2", field: "lat", message: ["finite"]),
        RefusedInput("unknown call category", "calls", "cat.csv", h + "C1,2026-11-22T14:00:00Z,mental,1,,,,39.7,-105\n",
                     location: "line 2", field: "category", message: ["unknown value 'mental'"] + Fixture.callCategories),
        RefusedInput("unknown disposition", "calls", "disp.csv", h + "C1,2026-11-22T14:00:00Z,other,1,jailed,,,39.7,-105\n",
                     location: "line 2", field: "disposition", message: ["unknown value 'jailed'", "resolved_on_scene"]),
        RefusedInput("unknown facility kind", "facilities", "kind.csv", facilityHeader + "F9,X,hospital,America/Denver,24/7,39.7,-105\n",
                     location: "line 2", field: "kind", message: ["unknown value 'hospital'"] + Fixture.facilityKinds),
        RefusedInput("unknown team status", "teams", "status.csv",
                     "id,model,status,fix_at,lat,lon\nT9,mobile_crisis,availble,2026-11-22T14:00:00Z,39.7,-105\n",
                     location: "line 2", field: "status", message: ["unknown value 'availble'"] + Fixture.teamStatuses),
        RefusedInput("bad RFC 3339 time", "calls", "time.csv", h + "C1,22/11/2026 14:00,other,1,,,,39.7,-105\n",
                     location: "line 2", field: "received_at", message: ["RFC 3339"]),
        RefusedInput("time without an offset", "calls", "local.csv", h + "C1,2026-11-22T14:00:00,other,1,,,,39.7,-105\n",
                     location: "line 2", field: "received_at", message: ["RFC 3339"]),
        RefusedInput("day that does not exist", "calls", "feb30.csv", h + "C1,2026-02-30T14:00:00Z,other,1,,,,39.7,-105\n",
                     location: "line 2", field: "received_at", message: ["RFC 3339"]),
        RefusedInput("priority out of range", "calls", "prio.csv", h + "C1,2026-11-22T14:00:00Z,other,9,,,,39.7,-105\n",
                     location: "line 2", field: "priority", message: ["9", "1...5"]),
        RefusedInput("unknown time zone", "facilities", "tz.csv", facilityHeader + "F9,X,detox,Mountain Time,24/7,39.7,-105\n",
                     location: "line 2", field: "timezone", message: ["IANA"]),
        RefusedInput("bad opening hours", "facilities", "hours.csv", facilityHeader + "F9,X,detox,America/Denver,Mo-Fr 8-5,39.7,-105\n",
                     location: "line 2", field: "hours", message: ["time span"]),
        RefusedInput("self-intersecting polygon", "areas", "bowtie.csv", "id,name,population,geometry\n" + areaRow("A9", bowTie),
                     location: "line 2", field: "geometry", message: ["invalid"]),
        RefusedInput("geometry that is not GeoJSON", "areas", "notjson.csv", "id,name,population,geometry\nA9,X,5,{oops}\n",
                     location: "line 2", field: "geometry", message: ["GeoJSON"]),
        // Checking all rows before writing means the first bad row is the one reported.
        RefusedInput("the first of two problems is reported", "areas", "first.csv",
                     "id,name,population,geometry\n" + areaRow("A8", bowTie) + areaRow("A9", square, population: "five"),
                     location: "line 2", field: "geometry", message: ["invalid"]),
        RefusedInput("unknown --crs code", "calls", "crs.csv", "id,received_at,category,x,y\nC9,2026-11-22T14:00:00Z,other,3140000,1700000\n",
                     location: nil, field: "--crs", message: ["EPSG:999999"], arguments: ["--x-column", "x", "--y-column", "y", "--crs", "EPSG:999999"]),
    ]

    @Test(arguments: structure)
    func fileStructure(_ input: RefusedInput) throws {
        try expectRefused(input)
    }

    @Test(arguments: fields)
    func fieldValues(_ input: RefusedInput) throws {
        try expectRefused(input)
    }

    /// 45,000 good rows go to the store in several batches, with index upkeep
    /// suspended for the bulk load, before the last row fails: still nothing is written.
    @Test func aBadLastRowOfALargeFileWritesNothing() throws {
        try Workspace.with(seeded: true) { workspace in
            var csv = Fixture.callsHeader
            csv.reserveCapacity(45_002 * 64)
            for i in 0..<45_000 { csv += "L\(i),2026-06-01T12:00:00Z,other,3,,,,\(39.5 + Double(i % 300) / 1000),-105.1\n" }
            csv += "C1,2026-06-01T12:00:00Z,overdose,3,,,,39.6,-105.2\n"   // would update a seeded call
            csv += "L-bad,2026-06-01T12:00:00Z,other,3,,,,39.6,-181\n"
            let result = try workspace.run("import", "calls", try workspace.write("late.csv", csv))
            #expect(result.status == 65)
            #expect(result.stderr.hasPrefix("crisismap: late.csv: line 45003: field 'lon': "), "\(result.stderr)")
            #expect(try workspace.snapshot() == SeededStore.snapshot)
            // The store still takes writes, and its id index is intact.
            let again = try workspace.importText("calls", "again.csv", Fixture.calls)
            #expect(again.stdout.contains(": 0 new, 3 updated"), "\(again.stdout)")
        }
    }
}
