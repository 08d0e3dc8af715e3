import Analytics
import Foundation
import GeoCore
import MapRender
import Store

/// A call-density product: the surface, what was selected, and the areas
/// and facilities drawn with it. Writes PNG, SVG or PDF maps and GeoJSON
/// or CSV grids; in every format a hidden cell reveals no value.
public struct HeatmapReport: Sendable {
    public var surface: DensitySurface
    public var areas: [Area]
    public var facilities: [Facility]
    /// "2026-01-01 to 2026-11-30", "all time"...
    public var period: String
    /// Other selection details for the subtitle ("categories: overdose; hours 18:00-06:00").
    public var selection: String?
    public var title: String

    public init(surface: DensitySurface, areas: [Area] = [], facilities: [Facility] = [], period: String,
                selection: String? = nil, title: String = "Crisis calls: where they concentrate") {
        self.surface = surface
        self.areas = areas
        self.facilities = facilities
        self.period = period
        self.selection = selection
        self.title = title
    }

    public enum OutputFormat: String, CaseIterable, Sendable {
        case png, svg, pdf, geojson, csv

        public init?(path: String) {
            let ext = (path as NSString).pathExtension.lowercased()
            self.init(rawValue: ext == "json" ? "geojson" : ext)
        }
    }

    /// Writes the product; the format follows the file name.
    public func write(to path: String, renderer: MapRenderer = MapRenderer()) throws {
        guard let format = OutputFormat(path: path) else {
            throw MapRenderError(description: "\(path): unknown output; use .png, .svg, .pdf, .geojson or .csv")
        }
        switch format {
        case .png, .svg, .pdf: try renderer.render(try scene(), to: path, format: MapFormat(rawValue: format.rawValue))
        case .geojson: try DensityFiles.atomicWrite(try DensityFiles.geoJSON(surface), to: path)
        case .csv: try DensityFiles.atomicWrite(try DensityFiles.csv(surface), to: path)
        }
    }

    /// The product in memory, for the HTTP API: the map as PNG bytes or the grid as GeoJSON.
    public func data(_ format: OutputFormat, renderer: MapRenderer = MapRenderer()) throws -> Data {
        switch format {
        case .geojson: return Data(try DensityFiles.geoJSON(surface).utf8)
        case .csv: return Data(try DensityFiles.csv(surface).utf8)
        case .png, .svg, .pdf:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("crisismap-\(UUID().uuidString).\(format.rawValue)").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try write(to: path, renderer: renderer)
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
    }

    /// The map: density as a raster, area outlines, facility symbols, legend and notes.
    public func scene() throws -> MapScene {
        let grid = surface.grid
        let maxDensity = surface.maxShownDensity
        let ramp = ColorRamp.heat
        var colors = [RGBA](repeating: .clear, count: grid.cellCount)
        if maxDensity > 0 {
            for index in colors.indices where !surface.isSuppressed(index) && surface.shownDensity(index) > 0 {
                colors[index] = ramp.color(at: surface.shownDensity(index) / maxDensity)
            }
        }
        let raster = RasterLayer(originX: grid.originX, originY: grid.originY, cellSize: grid.cellSize,
                                 columns: grid.columns, rows: grid.rows, colors: colors)
        let transform = try CoordinateTransform(from: "EPSG:4326", to: grid.crs)
        let outlines = areas.map { area in
            Outline(rings: area.geometry.polygons.flatMap(\.rings).map { ring in project(ring, transform) }, label: area.name)
        }
        var markers: [Marker] = []
        var kindsShown = Set<FacilityKind>()
        for facility in facilities {
            guard let (x, y) = try? transform.apply(x: facility.location.longitude, y: facility.location.latitude),
                  x >= grid.originX, x <= grid.maxX, y >= grid.originY, y <= grid.maxY else { continue }
            markers.append(Marker(x: x, y: y, style: FacilitySymbols.style(facility.kind)))
            kindsShown.insert(facility.kind)
        }
        let legendMarkers = FacilityKind.allCases.filter(kindsShown.contains).map { (FacilitySymbols.style($0), FacilitySymbols.label($0)) }
        var notes = ["\(surface.kernel.rawValue.capitalized) kernel, bandwidth \(Self.metres(surface.bandwidth)), cells of \(Self.metres(surface.grid.cellSize)) (\(grid.crs))."]
        var title = self.title
        var subtitle: [String]
        switch surface.privacy {
        case .released(_, let epsilon):
            // Never how many cells or where: only the rule.
            notes.append("Privacy: differentially private counts of released months (epsilon \(Self.number(epsilon)) per call in all); "
                         + "places with fewer than \(surface.minCount) calls are not shown.")
            subtitle = [surface.griddedCalls >= surface.minCount ? "About \(Self.grouped(surface.griddedCalls)) calls, \(period)" : period]
        case .exact:
            let hidden = surface.suppressedCellCount
            let reached = surface.reachCounts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
            let share = reached > 0 ? Int((100 * Double(hidden) / Double(reached)).rounded()) : 0
            notes.append("Privacy: cells whose value rests on fewer than \(surface.minCount) calls within the kernel's reach are not shown"
                         + (hidden > 0 ? " (\(share)% of the area near any call)." : "."))
            notes.append("EXACT: NOT FOR PUBLICATION.")
            title += " (exact: not for publication)"
            subtitle = ["\(Self.grouped(surface.griddedCalls)) calls, \(period)"]
            if surface.griddedCalls < surface.selectedCalls {
                notes.append("\(surface.selectedCalls - surface.griddedCalls) selected calls lie outside the mapped area.")
            }
        }
        let legend = Legend(
            colorBar: .init(ramp: ramp, low: "0", high: Self.number(maxDensity),
                            unit: "Calls per km², \(period)"),
            markers: legendMarkers, notes: notes)
        if let selection { subtitle[0] += "; \(selection)" }
        return MapScene(
            extent: Extent(minX: grid.originX, minY: grid.originY, maxX: grid.maxX, maxY: grid.maxY),
            raster: raster, outlines: outlines, markers: markers, title: title, subtitle: subtitle, legend: legend)
    }

    private func project(_ ring: LinearRing, _ transform: CoordinateTransform) -> [(x: Double, y: Double)] {
        var xs = ring.map(\.longitude), ys = ring.map(\.latitude)
        transform.apply(xs: &xs, ys: &ys)
        return zip(xs, ys).map { (x: $0, y: $1) }
    }

    /// `750 m`, `1.5 km`.
    public static func metres(_ value: Double) -> String {
        value >= 1000 ? String(format: "%g km", value / 1000) : String(format: "%g m", value)
    }

    static func number(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String(format: "%.3g", value)
    }

    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
