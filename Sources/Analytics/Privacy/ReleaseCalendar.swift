import Foundation

/// A node of the release hierarchy: a calendar month, quarter or year in the store's zone.
public struct ReleaseNode: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var level: ReleaseLevel
    public var year: Int
    /// Month 1-12, quarter 1-4, or 1 for a year.
    public var index: Int

    public init(level: ReleaseLevel, year: Int, index: Int) {
        self.level = level
        self.year = year
        self.index = index
    }

    /// `2026-03`, `2026-Q1`, `2026`.
    public var description: String {
        switch level {
        case .month: String(format: "%04d-%02d", year, index)
        case .quarter: String(format: "%04d-Q%d", year, index)
        case .year: String(format: "%04d", year)
        }
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(first) else { return nil }
        if parts.count == 1 {
            self.init(level: .year, year: year, index: 1)
        } else if parts.count == 2, parts[1].hasPrefix("Q"), let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter) {
            self.init(level: .quarter, year: year, index: quarter)
        } else if parts.count == 2, parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) {
            self.init(level: .month, year: year, index: month)
        } else {
            return nil
        }
    }

    /// Months covered, as a month ordinal (year x 12 + month - 1).
    public var months: ClosedRange<Int> {
        switch level {
        case .month: (year * 12 + index - 1)...(year * 12 + index - 1)
        case .quarter: (year * 12 + (index - 1) * 3)...(year * 12 + (index - 1) * 3 + 2)
        case .year: (year * 12)...(year * 12 + 11)
        }
    }

    public static func < (a: ReleaseNode, b: ReleaseNode) -> Bool {
        (a.months.lowerBound, -a.months.count) < (b.months.lowerBound, -b.months.count)
    }
}

/// Where months begin and end in the store's zone, which nodes are due for
/// release, and which released nodes answer a planner's window.
public struct ReleaseCalendar: Sendable {
    public var timeZone: TimeZone
    /// Time after a period ends before it is released, for late corrections.
    public var delay: TimeInterval

    public static let defaultDelay: TimeInterval = 7 * 86_400

    public init(timeZone: TimeZone, delay: TimeInterval = ReleaseCalendar.defaultDelay) {
        self.timeZone = timeZone
        self.delay = delay
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The first instant of a month ordinal (year x 12 + month - 1), local time.
    public func start(ofMonth ordinal: Int) -> Date {
        let year = ordinal >= 0 ? ordinal / 12 : (ordinal - 11) / 12
        let components = DateComponents(year: year, month: ordinal - year * 12 + 1, day: 1, hour: 0, minute: 0, second: 0)
        return calendar.date(from: components)!
    }

    public func bounds(_ node: ReleaseNode) -> (start: Date, end: Date) {
        (start(ofMonth: node.months.lowerBound), start(ofMonth: node.months.upperBound + 1))
    }

    /// The month ordinal holding an instant.
    public func month(of date: Date) -> Int {
        let parts = calendar.dateComponents([.year, .month], from: date)
        return parts.year! * 12 + parts.month! - 1
    }

    /// Every node from the month of `earliest` on whose period ended at least `delay` before `now`.
    public func dueNodes(earliest: Date, now: Date) -> [ReleaseNode] {
        let first = month(of: earliest)
        var nodes: [ReleaseNode] = []
        var ordinal = first
        while bounds(Self.node(month: ordinal)).end.addingTimeInterval(delay) <= now {
            let node = Self.node(month: ordinal)
            nodes.append(node)
            let monthOfYear = node.index
            if monthOfYear % 3 == 0 {
                // A quarter or year that began before the first call still ends with this month: its
                // earlier months simply hold no calls.
                nodes.append(ReleaseNode(level: .quarter, year: node.year, index: monthOfYear / 3))
            }
            if monthOfYear == 12 { nodes.append(ReleaseNode(level: .year, year: node.year, index: 1)) }
            ordinal += 1
        }
        return nodes
    }

    static func node(month ordinal: Int) -> ReleaseNode {
        let year = ordinal >= 0 ? ordinal / 12 : (ordinal - 11) / 12
        return ReleaseNode(level: .month, year: year, index: ordinal - year * 12 + 1)
    }

    public enum CoverError: Error, Equatable, Sendable {
        /// Months of the window with no release (not yet due, or no calls before them).
        case notReleased([ReleaseNode])
    }

    /// The released nodes that tile the months `first...last` with the least
    /// noise for a view: a whole year from its year node or its quarters, a
    /// quarter from its node or its months, whichever sums less variance.
    /// Months before `emptyBefore` (the store's first released month) hold no
    /// calls, so a quarter or year may reach back over them.
    public static func cover(
        months first: Int, _ last: Int, released: Set<ReleaseNode>, emptyBefore: Int? = nil,
        variance: (ReleaseLevel) -> Double = { _ in 1 }
    ) throws(CoverError) -> [ReleaseNode] {
        var missing: [ReleaseNode] = []
        let floor = emptyBefore ?? first
        // Inside the window, or reaching back only over months known to be empty.
        func fits(_ node: ReleaseNode) -> Bool {
            node.months.upperBound <= last && (node.months.lowerBound >= first || first <= floor)
        }
        // The best tiling of one node's months, from the node itself or its children.
        func best(_ node: ReleaseNode) -> (nodes: [ReleaseNode], variance: Double)? {
            let children: [ReleaseNode] = switch node.level {
            case .year: (1...4).map { ReleaseNode(level: .quarter, year: node.year, index: $0) }
            case .quarter: (0..<3).map { Self.node(month: node.months.lowerBound + $0) }
            case .month: []
            }
            var split: (nodes: [ReleaseNode], variance: Double)? = children.isEmpty ? nil : ([], 0)
            for child in children where child.months.upperBound >= floor {
                guard let part = best(child), split != nil else { split = nil; break }
                split!.nodes += part.nodes
                split!.variance += part.variance
            }
            let whole: (nodes: [ReleaseNode], variance: Double)? = released.contains(node) ? ([node], variance(node.level)) : nil
            switch (whole, split) {
            case (let whole?, let split?): return split.variance < whole.variance ? split : whole
            case (let whole?, nil): return whole
            case (nil, let split): return split
            }
        }
        var nodes: [ReleaseNode] = []
        var ordinal = first
        while ordinal <= last {
            let month = node(month: ordinal)
            let year = ReleaseNode(level: .year, year: month.year, index: 1)
            let quarter = ReleaseNode(level: .quarter, year: month.year, index: (month.index - 1) / 3 + 1)
            if fits(year), year.months.lowerBound == ordinal || ordinal == first, let tiling = best(year) {
                nodes += tiling.nodes
                ordinal = year.months.upperBound + 1
            } else if fits(quarter), quarter.months.lowerBound == ordinal || ordinal == first, let tiling = best(quarter) {
                nodes += tiling.nodes
                ordinal = quarter.months.upperBound + 1
            } else {
                if released.contains(month) { nodes.append(month) } else { missing.append(month) }
                ordinal += 1
            }
        }
        guard missing.isEmpty else { throw .notReleased(missing) }
        return nodes
    }
}
