import Contract
import Foundation
import GeoCore
import Store
import Testing

/// Reported times may run a little ahead (drift), never far ahead (a wrong clock).
@Suite struct ClockSkewTests {
    let now = RFC3339.parse("2026-12-03T12:00:00Z")!

    @Test func theAllowanceIsInclusiveAndTheMessageNamesTheSkew() throws {
        let skew = ClockSkew()
        #expect(skew.problem(field: "fix_at", date: now.addingTimeInterval(120), now: now) == nil)
        let problem = try #require(skew.problem(field: "fix_at", date: now.addingTimeInterval(121), now: now))
        #expect(problem.field == "fix_at")
        #expect(problem.message == "2026-12-03T12:02:01Z is 121 s ahead of the clock here (2026-12-03T12:00:00Z); at most 120 s is allowed (--max-clock-skew): is the sender's clock set?")
        let years = try #require(skew.problem(field: "at", date: RFC3339.parse("2099-01-01T00:00:00Z")!, now: now))
        #expect(years.message.hasPrefix("2099-01-01T00:00:00Z is 72 years ahead"))
    }

    @Test func theReaderRefusesAFutureTimeWithTheOtherProblems() {
        var fields = FieldReader(FieldValues(jsonObject: ["fix_at": "2026-12-03T13:00:00Z", "lat": 91]), conventions: .body)
        #expect(fields.date("fix_at", required: true, notAheadBy: ClockSkew(allowance: 60), now: now) == nil)
        _ = fields.location()
        #expect(fields.errors.map(\.field) == ["fix_at", "lat", "lon"])
        #expect(fields.errors[0].message.contains("60 min ahead") && fields.errors[0].message.contains("at most 60 s"))
    }

    @Test func recordsNameTheirReportedTimes() {
        let call = CrisisCall(id: "C1", receivedAt: now.addingTimeInterval(3600), category: .other,
                              location: Coordinate(uncheckedLatitude: 39.7, longitude: -105))
        #expect(ClockSkew().problems(in: call, now: now).map(\.field) == ["received_at"])
        #expect(ClockSkew().problems(in: call, now: now.addingTimeInterval(3600)).isEmpty)
    }
}
