import Contract
import Testing
@testable import Interchange

@Suite struct CSVParserTests {
    func records(_ text: String) throws -> [CSVParser.Record] {
        var parser = CSVParser(bytes: Array(text.utf8))
        var result: [CSVParser.Record] = []
        while let record = try parser.next() { result.append(record) }
        return result
    }

    @Test func quotedFieldsKeepCommasQuotesAndNewlinesAndLinesCountFromTheirStart() throws {
        let rows = try records("id,note\n1,\"a, \"\"b\"\"\nc\"\n2,plain\n")
        #expect(rows.map(\.fields) == [["id", "note"], ["1", "a, \"b\"\nc"], ["2", "plain"]])
        #expect(rows.map(\.line) == [1, 2, 4])
    }

    @Test func crlfBomAndBlankLinesAreAccepted() throws {
        let rows = try records("\u{FEFF}id,x\r\n1,2\r\n\r\n3,4")
        #expect(rows.map(\.fields) == [["id", "x"], ["1", "2"], ["3", "4"]])
        #expect(rows.map(\.line) == [1, 2, 4])
    }

    @Test func emptyFieldsSurvive() throws {
        #expect(try records("a,b,c\n,,\n").map(\.fields) == [["a", "b", "c"], ["", "", ""]])
    }

    @Test func unterminatedAndStrayQuotesAreReportedWithTheirLine() {
        #expect(throws: CSVParser.Failure.unterminatedQuote(line: 2)) { try records("a\n\"open\n\n") }
        #expect(throws: CSVParser.Failure.strayQuote(line: 3)) { try records("a\nb\nx\"y\n") }
    }
}

@Suite struct RFC3339Tests {
    @Test(arguments: [
        ("2026-11-22T14:00:00-07:00", 1_795_381_200.0),
        ("2026-11-22T21:00:00Z", 1_795_381_200.0),
        ("2026-11-22 21:00:00z", 1_795_381_200.0),
        ("2026-11-22T21:00:00.25+00:00", 1_795_381_200.25),
        ("2024-02-29T00:00:00Z", 1_709_164_800.0),
        ("1969-12-31T23:59:59Z", -1.0),
    ])
    func parses(text: String, seconds: Double) throws {
        let date = try #require(RFC3339.parse(text))
        #expect(date.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: [
        "2026-11-22", "2026-11-22T14:00:00", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
        "2026-11-22T24:00:00Z", "2026-11-22T14:00:00+7:00", "2026-11-22T14:00:00Zjunk", "yesterday",
    ])
    func rejects(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func formatsInUTCAndRoundTrips() throws {
        let date = try #require(RFC3339.parse("2026-03-08T02:30:00.125-07:00"))
        #expect(RFC3339.format(date) == "2026-03-08T09:30:00.125Z")
        #expect(RFC3339.parse(RFC3339.format(date)) == date)
        #expect(RFC3339.format(try #require(RFC3339.parse("1969-12-31T23:59:59Z"))) == "1969-12-31T23:59:59Z")
    }
}
