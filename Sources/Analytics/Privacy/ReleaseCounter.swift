import Foundation
import GeoCore
import Store

/// The calls of one period as a release counts them: by category (so each
/// call's category is known), with the areas, crisis facilities and teams
/// its ETAs are measured to.
public struct ReleaseInputs: Sendable {
    public var callsByCategory: [CallCategory: CallPoints]
    public var areas: [Area]
    /// Crisis receiving facilities open 24/7: where facility ETAs go.
    public var facilities: [Coordinate]
    public var teams: [Coordinate]
    public var settings: PlanningSettings
    public var grid: GridSpec
    public var timeZone: TimeZone

    public init(callsByCategory: [CallCategory: CallPoints], areas: [Area], facilities: [Coordinate], teams: [Coordinate],
                settings: PlanningSettings, grid: GridSpec, timeZone: TimeZone) {
        self.callsByCategory = callsByCategory
        self.areas = areas
        self.facilities = facilities
        self.teams = teams
        self.settings = settings
        self.grid = grid
        self.timeZone = timeZone
    }
}

/// Counts one period's calls in every view, then adds the noise fixed for
/// each count. Only counts with calls are returned: every other unit's noisy
/// count is its noise alone, which `ReleasedCounts` draws from the same key.
public enum ReleaseCounter {
    public struct Key: Hashable, Sendable {
        public var view: ReleaseView
        public var unit: String
        public var bin: Int
    }

    /// The exact counts, keyed by view, unit and bin (never stored or shown).
    public static func exactCounts(_ inputs: ReleaseInputs) throws -> [Key: Int64] {
        let categories = CallCategory.allCases.filter { inputs.callsByCategory[$0] != nil }
        var calls = CallPoints()
        var categoryOfCall: [Int] = []
        for category in categories {
            let points = inputs.callsByCategory[category]!
            for index in 0..<points.count {
                calls.append(latitude: points.latitudes[index], longitude: points.longitudes[index],
                             receivedAt: points.receivedAt[index], disposition: points.dispositions[index])
            }
            categoryOfCall += Array(repeating: CallCategory.allCases.firstIndex(of: category)!, count: points.count)
        }
        let areas = inputs.areas.sorted { $0.id < $1.id }
        let planning = PlanningInputs(areas: areas, calls: calls, facilities: inputs.facilities, supply: [], supplyKinds: [], teams: inputs.teams)
        let times = try CallTimes.measure(planning, inputs.settings, areas: areas)

        let transform = try CoordinateTransform(from: "EPSG:4326", to: inputs.grid.crs)
        var xs = calls.longitudes, ys = calls.latitudes
        transform.apply(xs: &xs, ys: &ys)
        var clock = LocalClock(timeZone: inputs.timeZone)
        var counts: [Key: Int64] = [:]
        func count(_ view: ReleaseView, _ unit: String, _ bin: Int) { counts[Key(view: view, unit: unit, bin: bin), default: 0] += 1 }
        for index in 0..<calls.count {
            let category = categoryOfCall[index]
            if let cell = inputs.grid.cell(x: xs[index], y: ys[index]) {
                let unit = ReleaseGrid.unit(column: cell.column, row: cell.row)
                let (hour, weekday) = clock.hourAndWeekday(calls.receivedAt[index])
                count(.cells, unit, 0)
                count(.cellsCategory, unit, category)
                count(.cellsTime, unit, hour * 2 + (weekday >= .saturday ? 1 : 0))
            }
            let area = Int(times.areaOfCall[index])
            if area >= 0 {
                let unit = areas[area].id
                let disposition = calls.dispositions[index].flatMap { Disposition.allCases.firstIndex(of: $0) } ?? Disposition.allCases.count
                count(.areas, unit, 0)
                count(.areasDisposition, unit, disposition)
                count(.areasCategory, unit, category)
                if let seconds = times.facility[index] { count(.areasFacilityETA, unit, ETABins.bin(seconds: seconds)) }
                if let seconds = times.team[index] { count(.areasTeamETA, unit, ETABins.bin(seconds: seconds)) }
            }
            count(.totals, "all", (area < 0 ? 2 : 0) + (times.offNetwork[index] ? 1 : 0))
        }
        return counts
    }

    /// Exact counts plus the noise fixed for each, at the node's level.
    public static func noisy(_ exact: [Key: Int64], node: ReleaseNode, budget: PrivacyBudget, key: NoiseKey) -> [ReleaseCount] {
        let name = node.description
        return exact.map { entry, value in
            let noise = key.noise(node: name, view: entry.view.rawValue, unit: entry.unit, bin: entry.bin,
                                  rate: budget.rate(entry.view, node.level))
            return ReleaseCount(view: entry.view.rawValue, unit: entry.unit, bin: entry.bin, noisy: value + noise)
        }.sorted { ($0.view, $0.unit, $0.bin) < ($1.view, $1.unit, $1.bin) }
    }
}
