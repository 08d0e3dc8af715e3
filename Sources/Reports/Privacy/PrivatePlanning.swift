import Analytics
import Foundation
import GeoCore
import Store

/// Planner figures from releases: the underserved ranking and the call
/// demand that site suggestions weigh, never from the calls themselves.
extension PlanningProduct {
    /// The ranking for a window of whole released months (and categories, which leave out ETAs and shares).
    public static func privateUnderserved(
        from store: any CrisisStore, supplyKinds: [FacilityKind] = defaultSupplyKinds, products: ReleasedProducts,
        since: String?, until: String?, categories: [String], settings: PlanningSettings, minCount: Int = 11
    ) async throws -> (UnderservedReport, period: String) {
        try await privateUnderserved(places: try await places(from: store, supplyKinds: supplyKinds), products: products, since: since, until: until,
                                     categories: categories, settings: settings, minCount: minCount)
    }

    /// The same for areas, facilities and teams already read (`places(from:)`).
    public static func privateUnderserved(
        places: PlanningInputs, products: ReleasedProducts, since: String?, until: String?, categories: [String],
        settings: PlanningSettings, minCount: Int = 11
    ) async throws -> (UnderservedReport, period: String) {
        let window: MonthWindow
        do { window = try MonthWindow.parse(since: since, until: until, latest: products.lastMonth) } catch {
            throw HeatmapOptions.Problem(field: error.field, message: error.message)
        }
        let chosen = categories.isEmpty ? nil : Set(try HeatmapOptions.categories(categories))
        let nodes: [ReleaseNode]
        do { nodes = try products.cover(window, view: chosen == nil ? .areas : .areasCategory) } catch {
            throw HeatmapOptions.Problem(field: error.field, message: error.message)
        }
        let report = try await PrivateUnderserved.run(places, settings, nodes: nodes, categories: chosen, counts: products.counts,
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
