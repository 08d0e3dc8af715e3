import Analytics
import Foundation

/// A planner's window: whole calendar months, inclusive, as `YYYY-MM`.
public struct MonthWindow: Sendable, Hashable, CustomStringConvertible {
    /// Month ordinals (year x 12 + month - 1).
    public var first: Int
    public var last: Int

    public init(first: Int, last: Int) {
        self.first = first
        self.last = last
    }

    public struct Problem: Error, Sendable {
        public var field: String
        public var message: String
    }

    public static let rule = "planner windows are whole months, inclusive: --since 2025-11 --until 2026-10 (since=2025-11&until=2026-10)"

    /// The window asked for; without `since`, twelve months back from `until`; without either,
    /// the twelve months up to the latest released one.
    public static func parse(since: String?, until: String?, latest: Int?) throws(Problem) -> MonthWindow {
        let first = try since.map { text throws(Problem) in try month(text, field: "since") }
        let last = try until.map { text throws(Problem) in try month(text, field: "until") }
        guard let end = last ?? (first.map { start in latest.map { max(start, $0) } ?? start } ?? latest) else {
            throw Problem(field: "since", message: "no month is released yet; run `crisismap release` once a month has ended")
        }
        let start = first ?? (end - 11)
        guard start <= end else { throw Problem(field: "until", message: "must not be before since (\(MonthWindow.rule))") }
        return MonthWindow(first: start, last: end)
    }

    static func month(_ text: String, field: String) throws(Problem) -> Int {
        guard let node = ReleaseNode(text), node.level == .month, text.count == 7 else {
            throw Problem(field: field, message: "'\(text)' is not a month like 2026-03: \(rule)")
        }
        return node.months.lowerBound
    }

    public var description: String {
        let name = { (ordinal: Int) in ReleaseNode(level: .month, year: ordinal / 12, index: ordinal % 12 + 1).description }
        return first == last ? name(first) : "\(name(first)) to \(name(last))"
    }
}
