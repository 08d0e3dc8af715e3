import Analytics
import Foundation
import GeoCore
import Store

/// Planner figures from releases: the underserved ranking and the call
/// demand that site suggestions weigh, never from the calls themselves.
extension PlanningProduct {
    /// The ranking for a window of whole released months (and categories, which leave out ETAs and shares).
    public static func privateUnderserved(
        from store: any CrisisStore, products: ReleasedProducts, since: String?, until: String?, categories: [String],
        settings: PlanningSettings, minCount: Int = 11
    ) async throws -> (UnderservedReport, period: String) {
        let window: MonthWindow
        do { window = try MonthWindow.parse(since: since, until: until, latest: products.lastMonth) } catch {
            throw HeatmapOptions.Problem(field: error.field, message: error.message)
        }
        var chosen: Set<CallCategory>?
        if !categories.isEmpty {
            chosen = Set(try categories.map { name in
                guard let category = CallCategory(rawValue: name) else {
                    throw HeatmapOptions.Problem(field: "category", message: "unknown category '\(name)'; expected one of: \(CallCategory.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return category
            })
        }
        let nodes: [ReleaseNode]
        do { nodes = try products.cover(window, view: chosen == nil ? .areas : .areasCategory) } catch {
            throw HeatmapOptions.Problem(field: error.field, message: error.message)
        }
        let inputs = try await Self.inputs(from: store, calls: CallFilter(until: Date(timeIntervalSince1970: 0)))
        let report = try await PrivateUnderserved.run(inputs, settings, nodes: nodes, categories: chosen, counts: products.counts,
                                                      minCount: minCount)
        return (report, window.description)
    }

    /// Call demand for site suggestions: each release cell's centre, as many times as its
    /// noisy count (negative counts read as none).
    public static func privateDemand(products: ReleasedProducts, window: MonthWindow) async throws -> CallPoints {
        let grid = products.grid
        let nodes = try products.cover(window, view: .cells)
        var units: [String] = []
        for row in 0..<grid.rows { for column in 0..<grid.columns { units.append(ReleaseGrid.unit(column: column, row: row)) } }
        let sums = try await products.counts.sum(.cells, bins: [0], nodes: nodes, units: units)
        let inverse = try CoordinateTransform(from: grid.crs, to: "EPSG:4326")
        var demand = CallPoints()
        for (index, sum) in sums.enumerated() where sum > 0 {
            let (x, y) = grid.centre(column: index % grid.columns, row: index / grid.columns)
            guard let (lon, lat) = try? inverse.apply(x: x, y: y) else { continue }
            for _ in 0..<sum { demand.append(latitude: lat, longitude: lon, receivedAt: 0) }
        }
        return demand
    }
}
