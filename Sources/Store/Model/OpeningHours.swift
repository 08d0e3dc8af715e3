import Foundation

/// A weekly schedule in the subset of OpenStreetMap's `opening_hours` syntax
/// that facility directories use:
///
/// - `24/7`
/// - rules separated by `;`, each a day selector and time spans:
///   `Mo-Fr 08:00-20:00; Sa 10:00-14:00`, `Mo,We,Fr 09:00-12:00,13:00-17:00`
/// - spans past midnight belong to the day they start on: `Fr-Sa 20:00-08:00`
///   is open Friday 20:00 until Saturday 08:00 and Saturday 20:00 until Sunday 08:00
/// - `off` closes the named days: `Mo-Su 08:00-18:00; Su off`
///
/// As in OpenStreetMap, a later rule replaces what earlier rules said about
/// the days it names.
public struct OpeningHours: Hashable, Sendable, CustomStringConvertible {
    /// Minutes since midnight; an end at or before the start runs into the next day.
    public struct Span: Hashable, Sendable {
        public var start: Int
        public var end: Int
        public var crossesMidnight: Bool { end <= start }
    }

    /// The schedule's text exactly as given, kept so export round-trips.
    public let text: String
    /// Spans per weekday, index 0 = Monday.
    public let week: [[Span]]

    public static let alwaysOpenText = "24/7"

    public var isAlwaysOpen: Bool { text == Self.alwaysOpenText }
    public var description: String { text }

    public init(parsing text: String) throws(OpeningHoursError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .empty }
        self.text = trimmed
        if trimmed == Self.alwaysOpenText {
            self.week = Array(repeating: [Span(start: 0, end: 0)], count: 7)
            return
        }
        var week = Array(repeating: [Span](), count: 7)
        for rule in trimmed.split(separator: ";") {
            let parts = rule.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else { throw .badRule(String(rule).trimmingCharacters(in: .whitespaces)) }
            let days = try Self.parseDays(parts[0])
            let spans = parts[1] == "off" || parts[1] == "closed" ? [] : try Self.parseSpans(parts[1])
            for day in days { week[day] = spans }
        }
        self.week = week
    }

    /// Whether the schedule is open at `date`, read in `timeZone`.
    public func isOpen(at date: Date, in timeZone: TimeZone) -> Bool {
        isAlwaysOpen || isOpen(at: LocalTime(date, in: timeZone))
    }

    /// Whether the schedule is open at a local wall-clock time. Callers that
    /// test many schedules at one instant compute `LocalTime` once per zone.
    public func isOpen(at time: LocalTime) -> Bool {
        if isAlwaysOpen { return true }
        let today = time.weekday
        let yesterday = (today + 6) % 7
        let minute = time.minute
        for span in week[today] {
            if span.crossesMidnight ? minute >= span.start : (span.start..<span.end).contains(minute) {
                return true
            }
        }
        return week[yesterday].contains { $0.crossesMidnight && minute < $0.end }
    }

    private static let dayNames = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]

    private static func parseDays(_ selector: Substring) throws(OpeningHoursError) -> [Int] {
        var days: [Int] = []
        for item in selector.split(separator: ",") {
            let ends = item.split(separator: "-")
            guard (1...2).contains(ends.count) else { throw .badDays(String(selector)) }
            guard let first = dayNames.firstIndex(of: String(ends[0])),
                  let last = dayNames.firstIndex(of: String(ends[ends.count - 1])) else {
                throw .badDays(String(selector))
            }
            // Mo-Su is the whole week; Sa-Mo wraps round the weekend.
            var day = first
            while true {
                days.append(day)
                if day == last { break }
                day = (day + 1) % 7
            }
        }
        return days
    }

    private static func parseSpans(_ text: Substring) throws(OpeningHoursError) -> [Span] {
        var spans: [Span] = []
        for item in text.split(separator: ",") {
            let ends = item.split(separator: "-")
            guard ends.count == 2 else { throw .badTime(String(item)) }
            let start = try parseTime(ends[0], allowing24: false)
            let end = try parseTime(ends[1], allowing24: true)
            // 24:00 closes at midnight; 00:00-24:00 is the whole day.
            spans.append(Span(start: start, end: end == 24 * 60 ? 0 : end))
            if start == end % (24 * 60) && end != 24 * 60 { throw .badTime(String(item)) }
        }
        return spans
    }

    private static func parseTime(_ text: Substring, allowing24: Bool) throws(OpeningHoursError) -> Int {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...59).contains(minute),
              (0...23).contains(hour) || (allowing24 && hour == 24 && minute == 0) else {
            throw .badTime(String(text))
        }
        return hour * 60 + minute
    }
}

/// A wall-clock time of the week: weekday (Monday = 0) and minute of the day.
public struct LocalTime: Hashable, Sendable {
    public var weekday: Int
    public var minute: Int

    public init(weekday: Int, minute: Int) {
        self.weekday = weekday
        self.minute = minute
    }

    public init(_ date: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        // Calendar weekdays run Sunday = 1 ... Saturday = 7.
        weekday = ((parts.weekday ?? 1) + 5) % 7
        minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }
}

public enum OpeningHoursError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case badRule(String)
    case badDays(String)
    case badTime(String)

    public var description: String {
        switch self {
        case .empty: "empty schedule (leave the field out for 24/7)"
        case .badRule(let rule): "'\(rule)' is not a rule like 'Mo-Fr 08:00-20:00'"
        case .badDays(let days): "'\(days)' is not a day selector like 'Mo-Fr' or 'Sa,Su'"
        case .badTime(let time): "'\(time)' is not a time span like '08:00-20:00'"
        }
    }
}
