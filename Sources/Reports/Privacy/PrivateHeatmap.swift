import Analytics
import Foundation
import GeoCore
import Store

extension HeatmapOptions {
    /// The private counterpart of `request`: whole released months, the
    /// release grid, and only the selections a release counts (categories,
    /// or local hours and weekday/weekend). Every problem names its option.
    public func privateRequest(_ products: ReleasedProducts) throws(Problem) -> (PrivateDensityRequest, period: String, selection: String?) {
        let window: MonthWindow
        do { window = try MonthWindow.parse(since: since, until: until, latest: products.lastMonth) } catch {
            throw Problem(field: error.field, message: error.message)
        }
        var view = ReleaseView.cells, bins = [0], details: [String] = []
        if !categories.isEmpty {
            let chosen = try Self.categories(categories).map { CallCategory.allCases.firstIndex(of: $0)! }
            view = .cellsCategory
            bins = Array(Set(chosen)).sorted()
            details.append(bins.map { CallCategory.allCases[$0].rawValue }.joined(separator: ", "))
        }
        if hours != nil || !days.isEmpty {
            guard categories.isEmpty else {
                throw Problem(field: "hours", message: "a private map selects by category or by local time, not both (releases count them apart)")
            }
            if let timeZone, timeZone != products.calendar.timeZone.identifier {
                throw Problem(field: "timezone", message: "releases count local time in the store's zone, \(products.calendar.timeZone.identifier)")
            }
            let window = try hourWindow()
            let weekdays = Set(try self.weekdays())
            let weekend: Set<Weekday> = [.saturday, .sunday], workdays = Set(Weekday.allCases).subtracting(weekend)
            let types: [Int]
            switch weekdays {
            case [], Set(Weekday.allCases): types = [0, 1]
            case workdays: types = [0]; details.append("weekdays")
            case weekend: types = [1]; details.append("weekends")
            default:
                throw Problem(field: "days", message: "releases count weekdays and weekends apart, not single days: use mon,tue,wed,thu,fri or sat,sun")
            }
            let hourList = (0..<24).filter { window?.contains(hour: $0) ?? true }
            view = .cellsTime
            bins = hourList.flatMap { hour in types.map { hour * 2 + $0 } }
            if let window { details.insert("hours \(window)", at: 0) }
            details.append(products.calendar.timeZone.identifier)
        }
        if let crs, crs != products.grid.crs {
            throw Problem(field: "crs", message: "private maps are drawn on the release grid, in \(products.grid.crs)")
        }
        let kernelShape = try self.kernelShape()
        let minCount = minCount ?? 11
        guard minCount >= 11 else {
            throw Problem(field: "min-count", message: "private products never show fewer than 11 calls; an exact product (admin, --privacy exact) may go lower")
        }
        let box = try bbox.map { text throws(Problem) in try self.box(text) }
        let nodes: [ReleaseNode]
        do { nodes = try products.cover(window, view: view) } catch { throw Problem(field: error.field, message: error.message) }
        let request = PrivateDensityRequest(
            nodes: nodes, view: view, bins: bins, box: box,
            cellSize: try distance(cellSize, field: "cell-size") ?? ReleaseGrid.cellSize,
            bandwidth: try distance(bandwidth, field: "bandwidth") ?? PrivateDensityRequest.defaultBandwidth,
            kernel: kernelShape, minCount: minCount)
        return (request, window.description, details.isEmpty ? nil : details.joined(separator: "; "))
    }
}
