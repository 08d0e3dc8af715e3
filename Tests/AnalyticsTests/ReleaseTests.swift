import Foundation
import GeoCore
import Testing
import TestSupport
@testable import Analytics
import Contract
@testable import Store

/// The release hierarchy: months in the store's zone, what is due, the least noisy cover of a window,
/// and counts that place each call once per view.
@Suite struct ReleaseCalendarTests {
    static let denver = TimeZone(identifier: "America/Denver")!
    static func month(_ text: String) -> Int { ReleaseNode(text)!.months.lowerBound }

    @Test func monthsBeginAtLocalMidnight() {
        let calendar = ReleaseCalendar(timeZone: Self.denver)
        let (start, end) = calendar.bounds(ReleaseNode("2026-03")!)
        #expect(RFC3339Check.utc(start) == "2026-03-01T07:00:00Z", "MST, before daylight saving")
        #expect(RFC3339Check.utc(end) == "2026-04-01T06:00:00Z", "MDT after it")
        let (yearStart, yearEnd) = calendar.bounds(ReleaseNode("2025")!)
        #expect(RFC3339Check.utc(yearStart) == "2025-01-01T07:00:00Z" && RFC3339Check.utc(yearEnd) == "2026-01-01T07:00:00Z")
        #expect(ReleaseNode("2026-Q2")!.months == Self.month("2026-04")...Self.month("2026-06"))
        #expect(ReleaseNode("2026-13") == nil && ReleaseNode("2026-Q5") == nil && ReleaseNode("26-01") == nil)
    }

    @Test func aPeriodIsDueOnlyOnceItHasEndedPlusTheDelay() throws {
        let calendar = ReleaseCalendar(timeZone: Self.denver)
        let earliest = Date(timeIntervalSince1970: 1_762_000_000)   // 2025-11-01 in Denver
        let beforeDelay = calendar.bounds(ReleaseNode("2026-10")!).end.addingTimeInterval(6 * 86_400)
        let due = calendar.dueNodes(earliest: earliest, now: beforeDelay).map(\.description)
        #expect(due.first == "2025-11" && due.last == "2026-Q3", "\(due)")
        #expect(!due.contains("2026-10"), "October is not due until seven days after it ends")
        #expect(due.contains("2025-Q4") && due.contains("2025"), "a quarter or year that began before the first call still closes")
        let after = calendar.dueNodes(earliest: earliest, now: beforeDelay.addingTimeInterval(2 * 86_400)).map(\.description)
        #expect(after.last == "2026-10" && after.count == due.count + 1)
    }

    @Test func aWindowIsTiledByTheLeastNoisyReleasedNodes() throws {
        let months = (Self.month("2025-11")...Self.month("2026-10")).map { ReleaseCalendar.node(month: $0) }
        let released = Set(months + ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2025"].map { ReleaseNode($0)! })
        let cover = try ReleaseCalendar.cover(months: Self.month("2025-11"), Self.month("2026-10"), released: released,
                                              emptyBefore: Self.month("2025-11")) { level in
            switch level { case .year: 2; case .quarter: 1; case .month: 1.5 }
        }.map(\.description)
        #expect(cover == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-10"], "October 2025 holds no calls: Q4 covers November and December")
        // A calendar year: the year node when it is less noisy than its quarters, else the quarters.
        let year2026 = Set((Self.month("2026-01")...Self.month("2026-12")).map { ReleaseCalendar.node(month: $0) }
                           + ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026"].map { ReleaseNode($0)! })
        let cheapYear = try ReleaseCalendar.cover(months: Self.month("2026-01"), Self.month("2026-12"), released: year2026) { $0 == .year ? 1 : 1 }
        #expect(cheapYear.map(\.description) == ["2026"])
        let noisyYear = try ReleaseCalendar.cover(months: Self.month("2026-01"), Self.month("2026-12"), released: year2026) { $0 == .year ? 9 : 1 }
        #expect(noisyYear.map(\.description) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
        #expect(throws: ReleaseCalendar.CoverError.notReleased([ReleaseNode("2026-11")!])) {
            try ReleaseCalendar.cover(months: Self.month("2026-10"), Self.month("2026-11"), released: released)
        }
    }

    @Test func theBudgetNeverAddsUpToMoreThanEpsilon() {
        for epsilon in [8.0, 4.0, 1.0, 2.5] {
            let budget = PrivacyBudget(epsilon: epsilon)
            #expect(budget.spent <= epsilon + 1e-9 && budget.spent >= epsilon * 0.98, "\(epsilon): spent \(budget.spent)")
        }
        #expect(PrivacyBudget(epsilon: 8).rate(.cells, .quarter) == PrivacyRate(numerator: 1_100, denominator: 1_000))
    }
}

enum RFC3339Check {
    static func utc(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)) }
}

/// Counting a period's calls and reading them back with the noise every other unit gets.
@Suite struct ReleaseCounterTests {
    static let secret = [UInt8](repeating: 7, count: 32)

    static func area(_ id: String, west: Double, south: Double, size: Double, population: Int = 1_000) -> Area {
        let ring = [(west, south), (west + size, south), (west + size, south + size), (west, south + size), (west, south)]
            .map { Coordinate(uncheckedLatitude: $0.1, longitude: $0.0) }
        return Area(id: id, name: id, kind: nil, population: population, geometry: .polygon(Polygon(rings: [ring])))
    }

    static let areas = [area("A", west: -105.0, south: 39.70, size: 0.05), area("B", west: -104.95, south: 39.70, size: 0.05)]

    static func inputs(_ calls: [(Double, Double, CallCategory, Disposition?)], grid: GridSpec) -> ReleaseInputs {
        var byCategory: [CallCategory: CallPoints] = [:]
        for (lat, lon, category, disposition) in calls {
            byCategory[category, default: CallPoints()].append(latitude: lat, longitude: lon, receivedAt: 1_772_000_000, disposition: disposition)
        }
        let site = Coordinate(uncheckedLatitude: 39.72, longitude: -104.97)
        return ReleaseInputs(callsByCategory: byCategory, areas: areas, facilities: [site],
                             teams: [Coordinate(uncheckedLatitude: 39.73, longitude: -104.96)],
                             settings: PlanningSettings(travelTime: { $0 / 10 }, etaMethod: .straightLine), grid: grid,
                             timeZone: TimeZone(identifier: "America/Denver")!)
    }

    @Test func eachViewPlacesEveryCallOnce() throws {
        let grid = try ReleaseGrid.covering(Self.areas)
        #expect(grid.cellSize == 250 && grid.originX.truncatingRemainder(dividingBy: 250) == 0)
        let calls: [(Double, Double, CallCategory, Disposition?)] = [
            (39.71, -104.99, .overdose, .arrest), (39.71, -104.99, .psychiatric, nil), (39.72, -104.93, .overdose, .referred),
            (41.0, -104.0, .other, nil),   // outside every area and the grid
        ]
        let counts = try ReleaseCounter.exactCounts(Self.inputs(calls, grid: grid))
        for view in ReleaseView.allCases {
            let total = counts.filter { $0.key.view == view }.values.reduce(0, +)
            let expected: Int64 = view == .totals ? 4 : 3
            #expect(total == expected, "\(view): \(total)")
        }
        #expect(counts[.init(view: .totals, unit: "all", bin: 2)] == 1, "one call outside every area")
        #expect(counts[.init(view: .areasDisposition, unit: "A", bin: Disposition.allCases.count)] == 1, "unrecorded disposition has its own bin")
    }

    @Test func readBackCountsAddTheSameNoiseEverywhere() async throws {
        let grid = try ReleaseGrid.covering(Self.areas)
        let node = ReleaseNode("2026-02")!
        let budget = PrivacyBudget(epsilon: 8), key = NoiseKey(secret: Self.secret)
        let exact = try ReleaseCounter.exactCounts(Self.inputs([(39.71, -104.99, .overdose, nil)], grid: grid))
        let stored = ReleaseCounter.noisy(exact, node: node, budget: budget, key: key)
        let counts = ReleasedCounts(key: key, budget: budget) { _, view in stored.filter { $0.view == view } }
        let units = ["A", "B"]
        let sums = try await counts.sum(.areasCategory, bins: [1], nodes: [node], units: units)
        let noiseA = key.noise(node: "2026-02", view: "areas_category", unit: "A", bin: 1, rate: budget.rate(.areasCategory, .month))
        let noiseB = key.noise(node: "2026-02", view: "areas_category", unit: "B", bin: 1, rate: budget.rate(.areasCategory, .month))
        #expect(sums == [1 + noiseA, noiseB], "a unit with calls and one without, each with its own fixed noise")
        let again = try await counts.sum(.areasCategory, bins: [1], nodes: [node], units: units)
        #expect(again == sums, "asking again returns the same noise")
    }
}
