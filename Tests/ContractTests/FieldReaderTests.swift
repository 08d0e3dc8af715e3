import Contract
import Foundation
import Testing

/// One reader for files, bodies and query strings: every problem of a
/// record is collected in reading order, and each source keeps its conventions.
@Suite struct FieldReaderTests {
    enum Colour: String, CaseIterable { case red, green }

    @Test func everyProblemIsCollectedInReadingOrder() throws {
        let body = FieldValues(jsonObject: ["lat": "39.7", "lon": 500.0, "limit": 1.5, "colour": "blue", "spare": true])
        var fields = FieldReader(body, conventions: .body, allowed: ["lat", "lon", "limit", "colour", "at"])
        #expect(fields.location() == nil)
        #expect(fields.int("limit", in: 1...10) == nil)
        #expect(fields.enumValue("colour", as: Colour.self) == nil)
        #expect(fields.date("at", required: true) == nil)
        #expect(fields.errors.map(\.field) == ["spare", "lat", "lon", "limit", "colour", "at"])
        #expect(fields.errors[0].message.hasPrefix("unknown field; expected one of: at, colour"))
        #expect(fields.errors[1].message == "expected a number", "a JSON body's text is not a number")
        #expect(fields.errors[2].message == "500.0 is outside -180.0...180.0")
        #expect(fields.errors[3].message == "1.5 is not a whole number")
        #expect(fields.errors[4].message.hasPrefix("unknown value 'blue'; expected one of: red, green"))
        #expect(fields.errors[5].message == "is required")
        #expect(throws: FieldErrors.self) { try fields.finish() }
        do { try fields.finish() } catch { #expect(error.errors == fields.errors) }
    }

    @Test func aCleanReadThrowsNothing() throws {
        var fields = FieldReader(FieldValues(query: ["lat": "39.7", "lon": "-104.9", "needs": "youth, spanish", "routes": ""]),
                                 conventions: .query, allowed: ["lat", "lon", "needs", "routes"])
        let read = fields.location()
        let location = try #require(read)
        #expect(location.latitude == 39.7 && location.longitude == -104.9)
        #expect(fields.list("needs") == ["youth", "spanish"])
        #expect(fields.bool("routes") == true, "a bare query flag is true")
        let finished = try fields.finish(read)
        #expect(finished == location)
    }

    @Test func filesAreLenientTheAPIIsStrict() {
        let sent: [String: Any] = ["id": 17.0, "colours": "red| green", "count": " 12 "]
        var file = FieldReader(FieldValues(jsonObject: sent), conventions: .file)
        #expect(file.string("id", required: true) == "17", "a GeoJSON id may be a number")
        #expect(file.enumList("colours", as: Colour.self) == [.red, .green])
        #expect(file.int("count") == 12)
        #expect(file.errors.isEmpty)

        var body = FieldReader(FieldValues(jsonObject: sent), conventions: .body)
        #expect(body.string("id") == nil)
        #expect(body.list("colours").isEmpty)
        #expect(body.int("count") == nil)
        #expect(body.errors.map(\.message) == ["expected text", "expected a list", "expected a whole number"])
    }

    @Test func textThatIsNotADecimalIsRefusedWithTheTextNamed() {
        var fields = FieldReader(FieldValues(query: ["x": "0x1p3", "y": "nan", "z": "1e999"]), conventions: .query)
        #expect(fields.double("x") == nil && fields.double("y") == nil && fields.double("z") == nil)
        #expect(fields.errors.map(\.message) == [
            "'0x1p3' is not a number (expected a finite decimal like -104.99)",
            "'nan' is not a number (expected a finite decimal like -104.99)",
            "expected a finite number",
        ])
    }

    @Test func rfc3339TimesAreReadAndRefused() {
        var fields = FieldReader(FieldValues(query: ["at": "2026-11-22T14:00:00-07:00", "bad": "yesterday"]), conventions: .query)
        #expect(fields.date("at") == RFC3339.parse("2026-11-22T21:00:00Z"))
        #expect(fields.date("bad") == nil)
        #expect(fields.errors == [FieldError(field: "bad", message: "'yesterday' is not an RFC 3339 time like 2026-11-22T14:00:00-07:00")])
    }
}
