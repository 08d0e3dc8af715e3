import Foundation
import Store

/// Converts HSDS 3.0 schedule rows (iCal RRULE-style: `freq`, `byday`,
/// `opens_at`, `closes_at`, `valid_from`, `valid_to`) into the
/// OpenStreetMap `opening_hours` text that `OpeningHours` reads.
///
/// - `WEEKLY` rows with `byday` (`MO,TU,...`), and `DAILY` rows, become day rules;
///   rows with the same hours are merged (`Mo-Fr 08:00-17:00`).
/// - `closes_at` 23:59 (HSDS's usual way to say "to the end of the day")
///   becomes 24:00; all seven days 00:00-24:00 becomes `24/7`.
/// - `closes_at` before `opens_at` is a span past midnight, as in OSM.
/// - Rows outside their `valid_from`/`valid_to` window on the reference date
///   are left out, and other rows that cannot be expressed (MONTHLY, no
///   times) are left out: both reported as warnings.
enum HSDSSchedule {
    static let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    static let osmDays = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]

    /// The opening-hours text, or nil when no row could be used (the
    /// facility then has no schedule, which means 24/7: so callers warn).
    static func openingHours(
        _ rows: [HSDSTable.Row], on reference: Date, in zone: TimeZone,
        warn: (HSDSTable.Row, String, String) -> Void
    ) -> String? {
        // minutes(open), minutes(close) -> weekdays
        var spans: [String: Set<Int>] = [:]
        for row in rows {
            if let (field, reason) = outsideValidity(row, on: reference, in: zone) {
                warn(row, field, reason)
                continue
            }
            // Recurrence parts weekly opening hours cannot express are refused, not ignored.
            if let interval = row["interval"], interval != "1" {
                warn(row, "interval", "every \(interval) weeks cannot be expressed as weekly opening hours; left out")
                continue
            }
            if let field = ["byweekno", "bymonthday", "byyearday"].first(where: { row[$0] != nil }) {
                warn(row, field, "\(field) cannot be expressed as weekly opening hours; left out")
                continue
            }
            let freq = (row["freq"] ?? "WEEKLY").uppercased()
            var weekdays: [Int]
            switch freq {
            case "DAILY":
                weekdays = Array(0..<7)
            case "WEEKLY":
                guard let byday = row["byday"] else {
                    warn(row, "byday", "a WEEKLY schedule without byday names no day; left out")
                    continue
                }
                weekdays = []
                for token in byday.uppercased().split(separator: ",") {
                    // iCal allows an ordinal prefix (1MO); it only makes sense monthly.
                    guard let day = days.firstIndex(of: String(token.suffix(2))) else {
                        warn(row, "byday", "'\(token)' is not a day (MO..SU); left out")
                        continue
                    }
                    weekdays.append(day)
                }
            default:
                warn(row, "freq", "\(freq) schedules cannot be expressed as weekly opening hours; left out")
                continue
            }
            guard let opens = row["opens_at"].flatMap(minutes), let closes = row["closes_at"].flatMap(minutes) else {
                warn(row, "opens_at", "opens_at/closes_at missing or not HH:MM; left out")
                continue
            }
            let end = closes == 23 * 60 + 59 ? 24 * 60 : closes
            guard opens != end % (24 * 60) || end == 24 * 60 else {
                warn(row, "closes_at", "opens and closes at the same time (\(row["opens_at"]!)); left out")
                continue
            }
            spans[span(opens, end), default: []].formUnion(weekdays)
        }
        guard !spans.isEmpty else { return nil }
        if spans.count == 1, spans["00:00-24:00"]?.count == 7 { return OpeningHours.alwaysOpenText }
        // One rule per set of days with the same spans, days in week order.
        var dayToSpans: [Int: [String]] = [:]
        for (text, days) in spans { for day in days { dayToSpans[day, default: []].append(text) } }
        var rules: [(days: [Int], spans: [String])] = []
        for day in 0..<7 {
            guard let texts = dayToSpans[day]?.sorted() else { continue }
            if let index = rules.firstIndex(where: { $0.spans == texts }) {
                rules[index].days.append(day)
            } else {
                rules.append((days: [day], spans: texts))
            }
        }
        return rules.map { "\(daySelector($0.days)) \($0.spans.joined(separator: ","))" }.joined(separator: "; ")
    }

    /// `Mo-Fr`, `Mo,We,Fr`, `Mo-We,Fr`.
    static func daySelector(_ days: [Int]) -> String {
        var parts: [String] = []
        var start = days[0]
        var previous = days[0]
        for day in days.dropFirst() + [-1] {
            if day == previous + 1 {
                previous = day
                continue
            }
            parts.append(start == previous ? osmDays[start]
                         : previous == start + 1 ? "\(osmDays[start]),\(osmDays[previous])"
                         : "\(osmDays[start])-\(osmDays[previous])")
            start = day
            previous = day
        }
        return parts.joined(separator: ",")
    }

    private static func span(_ opens: Int, _ closes: Int) -> String {
        func text(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
        return "\(text(opens))-\(text(closes))"
    }

    /// `08:00`, `08:00:00`, `8:00`, and with a zone suffix (`09:00-05:00`,
    /// `10:00Z`: the zone is the schedule's, already applied) -> minutes since midnight.
    static func minutes(_ text: String) -> Int? {
        let clock = text.prefix { $0.isNumber || $0 == ":" }
        let parts = clock.split(separator: ":")
        guard parts.count >= 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...24).contains(hour), (0...59).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    /// Validity is judged on the local date where the facility is.
    private static func outsideValidity(_ row: HSDSTable.Row, on reference: Date, in zone: TimeZone) -> (String, String)? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd"
        let day = formatter.string(from: reference)
        if let from = row["valid_from"]?.prefix(10), day < from {
            return ("valid_from", "valid only from \(from); left out (import date \(day))")
        }
        if let to = row["valid_to"]?.prefix(10), day > to {
            return ("valid_to", "valid only until \(to); left out (import date \(day))")
        }
        if let until = row["until"]?.prefix(10), day > until {
            return ("until", "the recurrence ended on \(until); left out (import date \(day))")
        }
        return nil
    }
}
