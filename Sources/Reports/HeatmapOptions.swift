import Analytics
import Contract
import Foundation
import GeoCore
import Interchange
import Store

/// A heat map's selection and parameters as text, from command-line options
/// or query parameters, checked into a `DensityRequest`; every problem is
/// named by the option it came from.
public struct HeatmapOptions: Sendable {
    public var since: String?
    public var until: String?
    public var categories: [String] = []
    public var hours: String?
    public var days: [String] = []
    public var timeZone: String?
    public var bbox: String?
    public var cellSize: String?
    public var bandwidth: String?
    public var kernel: String?
    public var crs: String?
    public var minCount: Int?

    public init() {}

    /// A refused option, named as the CLI flag or API parameter spells it:
    /// the contract's one field error.
    public typealias Problem = FieldError

    /// The checked request, and a human line describing the period and selection.
    public func request(defaultTimeZone: TimeZone, now: Date = Date()) throws(Problem) -> (DensityRequest, period: String, selection: String?) {
        var filter = CallFilter()
        filter.since = try time(since, field: "since", now: now)
        filter.until = try time(until, field: "until", now: now)
        if let since = filter.since, let until = filter.until, since >= until {
            throw Problem(field: "until", message: "must be later than since")
        }
        if !categories.isEmpty { filter.categories = Set(try Self.categories(categories)) }
        if let bbox { filter.box = try box(bbox) }
        var localTime: LocalTimeFilter?
        var details: [String] = []
        if hours != nil || !days.isEmpty {
            let zone: TimeZone
            if let timeZone {
                guard let named = TimeZone(identifier: timeZone) else {
                    throw Problem(field: "timezone", message: "unknown IANA time zone '\(timeZone)' (e.g. America/Denver)")
                }
                zone = named
            } else {
                zone = defaultTimeZone
            }
            let window = try hourWindow()
            let weekdays = try self.weekdays()
            localTime = LocalTimeFilter(hours: window, days: weekdays.isEmpty ? nil : Set(weekdays), timeZone: zone)
            if let window { details.append("hours \(window)") }
            if !weekdays.isEmpty { details.append(weekdays.sorted().map(\.shortName).joined(separator: ", ")) }
            details.append(zone.identifier)
        }
        if let categories = filter.categories { details.insert(categories.map(\.rawValue).sorted().joined(separator: ", "), at: 0) }
        let kernelShape = try self.kernelShape()
        let minCount = minCount ?? 11
        guard minCount >= 1 else { throw Problem(field: "min-count", message: "must be at least 1") }
        if let crs, let problem = ProjectedCRS.problem(crs) { throw Problem(field: "crs", message: problem) }
        let request = DensityRequest(
            filter: filter, localTime: localTime, crs: crs, cellSize: try distance(cellSize, field: "cell-size"),
            bandwidth: try distance(bandwidth, field: "bandwidth"), kernel: kernelShape, minCount: minCount)
        return (request, Self.period(filter), details.isEmpty ? nil : details.joined(separator: "; "))
    }

    /// Category names checked, in the order given.
    static func categories(_ names: [String]) throws(Problem) -> [CallCategory] {
        try names.map { name throws(Problem) in
            guard let category = CallCategory(rawValue: name) else {
                throw Problem(field: "category", message: "unknown category '\(name)'; expected one of: \(CallCategory.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return category
        }
    }

    func hourWindow() throws(Problem) -> HourWindow? {
        try hours.map { text throws(Problem) in
            guard let window = HourWindow(text) else {
                throw Problem(field: "hours", message: "'\(text)' is not an hour range like 18-06 (0-23, then 0-24)")
            }
            return window
        }
    }

    func weekdays() throws(Problem) -> [Weekday] {
        try days.map { name throws(Problem) in
            guard let day = Weekday(name: name) else {
                throw Problem(field: "days", message: "'\(name)' is not a day (mon, tue, wed, thu, fri, sat, sun)")
            }
            return day
        }
    }

    func kernelShape() throws(Problem) -> KernelShape {
        try kernel.map { name throws(Problem) in
            guard let shape = KernelShape(rawValue: name) else {
                throw Problem(field: "kernel", message: "expected quartic or gaussian, not '\(name)'")
            }
            return shape
        } ?? .quartic
    }

    private func time(_ text: String?, field: String, now: Date) throws(Problem) -> Date? {
        guard let text else { return nil }
        if let date = RFC3339.parse(text) { return date }
        if let span = Self.span(text) { return now.addingTimeInterval(-span) }
        throw Problem(field: field, message: "'\(text)' is neither an RFC 3339 time (2026-11-01T00:00:00-07:00) nor a span back from now (30d, 12h; at most 100 years)")
    }

    func distance(_ text: String?, field: String) throws(Problem) -> Double? {
        guard let text else { return nil }
        guard let metres = Distance.metres(text) else {
            throw Problem(field: field, message: "'\(text)' is not a distance like 250m or 1.5km")
        }
        return metres
    }

    func box(_ text: String) throws(Problem) -> BoundingBox {
        guard let box = BoundingBox(text: text) else {
            throw Problem(field: "bbox", message: "expected west,south,east,north in degrees (west < east, south < north)")
        }
        return box
    }

    static func span(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        guard let unit = text.last, let scale = units[unit], let value = Double(text.dropLast()), value > 0,
              value * scale <= Spans.longest else { return nil }
        return value * scale
    }

    static func period(_ filter: CallFilter) -> String {
        let format = Date.ISO8601FormatStyle().year().month().day()
        switch (filter.since, filter.until) {
        case (nil, nil): return "all calls in the store"
        case (let since?, nil): return "since \(since.formatted(format))"
        case (nil, let until?): return "until \(until.formatted(format))"
        case (let since?, let until?): return "\(since.formatted(format)) to \(until.formatted(format))"
        }
    }

    /// The zone most facilities keep their hours in: the local time of the
    /// calls, when the user names none.
    public static func commonTimeZone(of facilities: [Facility]) -> TimeZone {
        var counts: [String: Int] = [:]
        for facility in facilities { counts[facility.timeZone, default: 0] += 1 }
        let best = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        return best.flatMap(TimeZone.init(identifier:)) ?? TimeZone.current
    }
}
