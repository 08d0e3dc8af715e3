import Foundation
import Testing
@testable import Store

@Suite struct OpeningHoursTests {
    let denver = TimeZone(identifier: "America/Denver")!
    let newYork = TimeZone(identifier: "America/New_York")!

    /// A wall-clock time in a zone, e.g. ("2026-11-20 19:30", denver) for a Friday evening.
    func at(_ local: String, _ zone: TimeZone) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: local)!
    }

    @Test func weekdayRulesAndSeveralSpans() throws {
        let hours = try OpeningHours(parsing: "Mo-Fr 08:00-12:00,13:00-20:00; Sa 10:00-14:00")
        #expect(hours.isOpen(at: at("2026-11-23 08:00", denver), in: denver))   // Monday opening minute
        #expect(!hours.isOpen(at: at("2026-11-23 12:30", denver), in: denver))  // lunch
        #expect(!hours.isOpen(at: at("2026-11-23 20:00", denver), in: denver))  // closing minute is closed
        #expect(hours.isOpen(at: at("2026-11-21 13:59", denver), in: denver))   // Saturday
        #expect(!hours.isOpen(at: at("2026-11-22 11:00", denver), in: denver))  // Sunday
    }

    @Test func spansPastMidnightBelongToTheDayTheyStart() throws {
        let hours = try OpeningHours(parsing: "Fr-Sa 20:00-08:00")
        #expect(hours.isOpen(at: at("2026-11-20 21:00", denver), in: denver))   // Friday night
        #expect(hours.isOpen(at: at("2026-11-21 07:59", denver), in: denver))   // Saturday morning, from Friday
        #expect(!hours.isOpen(at: at("2026-11-21 12:00", denver), in: denver))  // Saturday noon
        #expect(hours.isOpen(at: at("2026-11-22 03:00", denver), in: denver))   // Sunday early, from Saturday
        #expect(!hours.isOpen(at: at("2026-11-20 03:00", denver), in: denver))  // Friday early: Thursday had no span
    }

    @Test func laterRulesOverrideEarlierOnesAndOffCloses() throws {
        let hours = try OpeningHours(parsing: "Mo-Su 08:00-18:00; Su off; We 12:00-14:00")
        #expect(!hours.isOpen(at: at("2026-11-22 10:00", denver), in: denver))  // Sunday off
        #expect(!hours.isOpen(at: at("2026-11-25 10:00", denver), in: denver))  // Wednesday replaced
        #expect(hours.isOpen(at: at("2026-11-25 13:00", denver), in: denver))
    }

    @Test func alwaysOpenAndWholeDaySpans() throws {
        #expect(try OpeningHours(parsing: "24/7").isOpen(at: Date(), in: denver))
        let wholeDay = try OpeningHours(parsing: "Mo 00:00-24:00")
        #expect(wholeDay.isOpen(at: at("2026-11-23 23:59", denver), in: denver))
        #expect(!wholeDay.isOpen(at: at("2026-11-24 00:30", denver), in: denver))
    }

    @Test func daylightSavingTransitionsUseLocalWallClock() throws {
        let hours = try OpeningHours(parsing: "Su 01:00-04:00")
        // 2026-03-08: clocks in Denver jump from 02:00 to 03:00. 03:30 local is open.
        #expect(hours.isOpen(at: at("2026-03-08 03:30", denver), in: denver))
        // 2026-11-01: New York falls back; 01:30 occurs twice and both are open.
        let first = at("2026-11-01 01:30", newYork)
        #expect(hours.isOpen(at: first, in: newYork))
        #expect(hours.isOpen(at: first.addingTimeInterval(3600), in: newYork))
        // Four hours after 00:30 EDT it is 03:30 EST: still open.
        #expect(hours.isOpen(at: at("2026-11-01 00:30", newYork).addingTimeInterval(4 * 3600), in: newYork))
    }

    @Test func aCallerInAnotherZoneSeesTheFacilitysLocalHours() throws {
        let hours = try OpeningHours(parsing: "Mo-Fr 09:00-17:00")
        // 10:00 in Denver is 12:00 in New York: a New York facility is open, measured in its own zone.
        let instant = at("2026-11-23 10:00", denver)
        #expect(hours.isOpen(at: instant, in: newYork))
        #expect(!hours.isOpen(at: at("2026-11-23 16:00", denver), in: newYork)) // 18:00 in New York
    }

    @Test(arguments: ["", "Mo-Fr", "Xx 08:00-10:00", "Mo 8:00-10:00", "Mo 08:00-25:00", "Mo 08:60-09:00", "Mo 08:00"])
    func rejectsMalformedSchedules(_ text: String) {
        #expect(throws: OpeningHoursError.self) { try OpeningHours(parsing: text) }
    }
}
