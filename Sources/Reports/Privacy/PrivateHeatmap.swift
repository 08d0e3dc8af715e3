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
            var chosen: [Int] = []
            for name in categories {
                guard let category = CallCategory(rawValue: name) else {
                    throw Problem(field: "category", message: "unknown category '\(name)'; expected one of: \(CallCategory.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                chosen.append(CallCategory.allCases.firstIndex(of: category)!)
            }
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
            let window = try hours.map { text throws(Problem) in
                guard let window = HourWindow(text) else {
                    throw Problem(field: "hours", message: "'\(text)' is not an hour range like 18-06 (whole hours 0-23, then 0-24)")
                }
                return window
            }
            var weekdays = Set<Weekday>()
            for name in days {
                guard let day = Weekday(name: name) else {
                    throw Problem(field: "days", message: "'\(name)' is not a day (mon, tue, wed, thu, fri, sat, sun)")
                }
                weekdays.insert(day)
            }
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
        let kernelShape = try kernel.map { name throws(Problem) in
            guard let shape = KernelShape(rawValue: name) else { throw Problem(field: "kernel", message: "expected quartic or gaussian, not '\(name)'") }
            return shape
        } ?? .quartic
        let minCount = minCount ?? 11
        guard minCount >= 11 else {
            throw Problem(field: "min-count", message: "private products never show fewer than 11 calls; an exact product (admin, --privacy exact) may go lower")
        }
        var box: BoundingBox?
        if let bbox {
            guard let parsed = BoundingBox(text: bbox) else {
                throw Problem(field: "bbox", message: "expected west,south,east,north in degrees (west < east, south < north)")
            }
            box = parsed
        }
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
