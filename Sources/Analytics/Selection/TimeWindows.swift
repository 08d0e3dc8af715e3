import Foundation

/// Hours of the local day, `18-06` style: from the first hour up to (not
/// including) the second, across midnight when the second is smaller.
public struct HourWindow: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    /// `18-06`, `8-17`; nil when it is not two hours 0-24.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let start = Int(parts[0]), let end = Int(parts[1]),
              (0...23).contains(start), (0...24).contains(end), start != end else { return nil }
        self.start = start
        self.end = end
    }

    public func contains(hour: Int) -> Bool {
        start < end ? (hour >= start && hour < end) : (hour >= start || hour < end)
    }

    public var description: String { String(format: "%02d:00-%02d:00", start, end) }
}

/// Days of the week, Monday first as ISO 8601 counts them.
public enum Weekday: Int, CaseIterable, Sendable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// `mon`, `monday`, `Mo`... (the first two letters decide).
    public init?(name: String) {
        let prefix = name.lowercased().prefix(2)
        guard let day = Self.allCases.first(where: { $0.shortName.lowercased().hasPrefix(prefix) }), prefix.count == 2 else { return nil }
        self = day
    }

    public var shortName: String { ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][rawValue - 1] }

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// Keeps the calls received in given local hours and on given local days.
/// Local time comes from one UTC offset per UTC hour, cached: a million
/// calls do not each pay for a calendar computation.
public struct LocalTimeFilter: Sendable {
    public var hours: HourWindow?
    public var days: Set<Weekday>?
    public var timeZone: TimeZone

    public init(hours: HourWindow?, days: Set<Weekday>?, timeZone: TimeZone) {
        self.hours = hours
        self.days = days
        self.timeZone = timeZone
    }

    public var isEmpty: Bool { hours == nil && days == nil }

    public func keeps(_ times: [Double]) -> [Bool] {
        guard !isEmpty else { return Array(repeating: true, count: times.count) }
        var clock = LocalClock(timeZone: timeZone)
        return times.map { time in
            let (hour, weekday) = clock.hourAndWeekday(time)
            if let hours, !hours.contains(hour: hour) { return false }
            if let days, !days.contains(weekday) { return false }
            return true
        }
    }
}

/// Local hour and weekday of instants, from one UTC offset per UTC hour,
/// cached: a million calls do not each pay for a calendar computation.
public struct LocalClock {
    public let timeZone: TimeZone
    private var offsets: [Int: Int] = [:]

    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// `time` in seconds since 1970.
    public mutating func hourAndWeekday(_ time: Double) -> (hour: Int, weekday: Weekday) {
        let bucket = Int((time / 3600).rounded(.down))
        let offset: Int
        if let known = offsets[bucket] {
            offset = known
        } else {
            offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(bucket) * 3600))
            offsets[bucket] = offset
        }
        let local = Int((time + Double(offset)).rounded(.down))
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - day * 86_400
        // 1970-01-01 was a Thursday (ISO weekday 4).
        let weekday = Weekday(rawValue: ((day % 7 + 7) % 7 + 3) % 7 + 1)!
        return (secondOfDay / 3600, weekday)
    }
}
