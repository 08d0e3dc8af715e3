import Analytics
import Foundation
import Store

/// Makes the releases that are due and opens the released counts for
/// planner products. Releases are frozen: a node is counted once, when it
/// becomes due, and later edits of its calls change nothing released.
public enum ReleaseService {
    public enum ReleaseError: Error, Sendable, CustomStringConvertible {
        case noSettings
        case badSettings(String)

        public var description: String {
            switch self {
            case .noSettings: "the store has no releases yet; run `crisismap release` (a server makes them by itself once a month is due)"
            case .badSettings(let message): message
            }
        }
    }

    /// The store's privacy settings, made now (new secret, default epsilon, the zone most
    /// facilities use) when it has none. Two processes racing agree on the first writer's.
    public static func settings(of store: any CrisisStore, epsilon: Double? = nil, timeZone: String? = nil) async throws -> PrivacySettings {
        if let existing = try await store.releases.privacySettings() { return existing }
        return try await store.releases.initPrivacySettings(
            .fresh(epsilon: epsilon ?? PrivacyBudget.defaultEpsilon, timeZone: timeZone))
    }

    /// Creates every release that is due at `now`, oldest first; returns those it made.
    public static func releaseDue(
        _ store: any CrisisStore, now: Date = Date(), delay: TimeInterval = ReleaseCalendar.defaultDelay,
        planning: PlanningSettings? = nil, progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> [ReleaseRecord] {
        var settings = try await settings(of: store)
        if settings.timeZone == nil || settings.grid == nil {
            var zone = settings.timeZone
            if zone == nil { zone = HeatmapOptions.commonTimeZone(of: try await store.facilities.all()).identifier }
            var grid = settings.grid
            if grid == nil { grid = ReleaseGrid.encode(try ReleaseGrid.covering(try await store.areas.all())) }
            try await store.releases.updatePrivacySettings(timeZone: zone, grid: grid)
            settings.timeZone = zone
            settings.grid = grid
        }
        guard let zone = settings.timeZone.flatMap(TimeZone.init(identifier:)),
              let grid = settings.grid.flatMap(ReleaseGrid.decode) else {
            throw ReleaseError.badSettings("the store's privacy settings name an unknown time zone or grid")
        }
        guard let earliest = try await store.earliestCallTime() else { return [] }
        let calendar = ReleaseCalendar(timeZone: zone, delay: delay)
        let done = Set(try await store.releases.releases().map(\.node))
        let due = calendar.dueNodes(earliest: earliest, now: now).filter { !done.contains($0.description) }
        guard !due.isEmpty else { return [] }

        let budget = PrivacyBudget(epsilon: settings.epsilon)
        let key = NoiseKey(secret: settings.secret)
        let places = try await PlanningProduct.places(from: store)
        let planning = planning ?? PlanningProduct.settings()
        var made: [ReleaseRecord] = []
        for node in due {
            let (start, end) = calendar.bounds(node)
            var byCategory: [CallCategory: CallPoints] = [:]
            for category in CallCategory.allCases {
                byCategory[category] = try await store.callPoints(matching: CallFilter(since: start, until: end, categories: [category]))
            }
            let inputs = ReleaseInputs(callsByCategory: byCategory, areas: places.areas, facilities: places.facilities,
                                       teams: places.teams, settings: planning, grid: grid, timeZone: zone)
            let counts = ReleaseCounter.noisy(try ReleaseCounter.exactCounts(inputs), node: node, budget: budget, key: key)
            let parameters = ReleaseParameters(epsilon: settings.epsilon, grid: grid, areas: places.areas.map(\.id).sorted(),
                                               etaMethod: planning.etaMethod, budget: budget, level: node.level)
            let record = ReleaseRecord(node: node.description, start: start, end: end, releasedAt: now, parameters: parameters.json)
            if try await store.releases.saveRelease(record, counts: counts) {
                made.append(record)
                progress?(node.description)
            }
        }
        return made
    }

    /// The released counts of a store, for planner products.
    public static func open(_ store: any CrisisStore) async throws -> ReleasedProducts {
        guard let settings = try await store.releases.privacySettings(), let zone = settings.timeZone.flatMap(TimeZone.init(identifier:)),
              let grid = settings.grid.flatMap(ReleaseGrid.decode) else { throw ReleaseError.noSettings }
        let releases = try await store.releases.releases()
        let table = store.releases
        let counts = ReleasedCounts(key: NoiseKey(secret: settings.secret), budget: PrivacyBudget(epsilon: settings.epsilon)) { node, view in
            try await table.releaseCounts(node: node, view: view)
        }
        return ReleasedProducts(releases: releases, counts: counts, grid: grid, calendar: ReleaseCalendar(timeZone: zone))
    }
}

/// What planner products are computed from: the released nodes and their counts.
public struct ReleasedProducts: Sendable {
    public var releases: [ReleaseRecord]
    public var counts: ReleasedCounts
    public var grid: GridSpec
    public var calendar: ReleaseCalendar

    public var nodes: Set<ReleaseNode> { Set(releases.compactMap { ReleaseNode($0.node) }) }

    /// The first released month: every month before it holds no calls.
    public var firstMonth: Int? { nodes.filter { $0.level == .month }.map(\.months.lowerBound).min() }
    public var lastMonth: Int? { nodes.filter { $0.level == .month }.map(\.months.lowerBound).max() }

    /// The least noisy released nodes tiling a window's months for a view.
    public func cover(_ window: MonthWindow, view: ReleaseView) throws(MonthWindow.Problem) -> [ReleaseNode] {
        let budget = counts.budget
        do {
            return try ReleaseCalendar.cover(months: window.first, window.last, released: nodes, emptyBefore: firstMonth) { level in
                DiscreteLaplace.variance(epsilon: budget.rate(view, level).epsilon)
            }
        } catch {
            switch error {
            case .notReleased(let missing): throw MonthWindow.Problem.notReleased(missing)
            }
        }
    }
}

extension MonthWindow.Problem {
    static func notReleased(_ missing: [ReleaseNode]) -> MonthWindow.Problem {
        let names = missing.map(\.description)
        let listed = names.count > 4 ? names.prefix(4).joined(separator: ", ") + " and \(names.count - 4) more" : names.joined(separator: ", ")
        return MonthWindow.Problem(field: "since", message: "\(listed) \(names.count == 1 ? "is" : "are") not released: planner products use "
            + "whole months released \(Int(ReleaseCalendar.defaultDelay / 86_400)) days after they end (see `crisismap releases`)")
    }
}
