import Contract
import Foundation
import GeoCore
import MapRender
import Store

/// Drive-time areas (isochrones) as GeoJSON, one MultiPolygon per time band,
/// and as a map: the bands from the longest (palest) to the shortest
/// (darkest) over the service areas' outlines, with the sources marked.
public struct CoverageOutput: Sendable {
    public struct Band: Sendable {
        public var minutes: Double
        /// Everything reached within `minutes`, WGS84.
        public var geometry: Geometry

        public init(minutes: Double, geometry: Geometry) {
            self.minutes = minutes
            self.geometry = geometry
        }
    }

    public var bands: [Band]
    public var sources: [Coordinate]
    /// What the sources are, for the title and legend: "teams", "facilities".
    public var sourceName: String
    public var areas: [Area]
    /// The `eta_method` and where the roads came from, shown on the map and stored in the GeoJSON.
    public var etaMethod: ETAMethod
    public var notes: [String]

    public init(bands: [Band], sources: [Coordinate], sourceName: String, areas: [Area], etaMethod: ETAMethod, notes: [String] = []) {
        self.bands = bands.sorted { $0.minutes < $1.minutes }
        self.sources = sources
        self.sourceName = sourceName
        self.areas = areas
        self.etaMethod = etaMethod
        self.notes = notes
    }

    /// Blues from dark (shortest) to pale (longest); distinguishable without hue.
    static let bandColors: [UInt32] = [0x08519C, 0x3182BD, 0x6BAED6, 0x9ECAE1, 0xC6DBEF, 0xEFF3FF]

    static func color(forBand index: Int, of count: Int) -> RGBA {
        let step = count <= 1 ? 0 : index * (bandColors.count - 1) / max(count - 1, 1)
        return RGBA(hex: bandColors[min(step, bandColors.count - 1)], alpha: 0.75)
    }

    public func geoJSON() throws -> String {
        let features: [[String: Any]] = bands.map { band in
            ["type": "Feature", "geometry": band.geometry.geoJSONObject,
             "properties": ["minutes": band.minutes, "from": sourceName, "sources": sources.count, "eta_method": etaMethod.rawValue]]
        }
        let data = try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features],
                                              options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    public func scene() throws -> MapScene {
        let centre = sources.first ?? bands.first?.geometry.polygons.first?.exterior.first ?? Coordinate(uncheckedLatitude: 0, longitude: 0)
        let transform = try CoordinateTransform(from: "EPSG:4326", to: UTMZone(containing: centre).epsg)
        var box: (Double, Double, Double, Double)?
        func project(_ ring: [Coordinate]) -> [(x: Double, y: Double)] {
            var xs = ring.map(\.longitude), ys = ring.map(\.latitude)
            transform.apply(xs: &xs, ys: &ys)
            let points = zip(xs, ys).map { (x: $0, y: $1) }
            for point in points where point.x.isFinite && point.y.isFinite {
                box = box.map { (min($0.0, point.x), min($0.1, point.y), max($0.2, point.x), max($0.3, point.y)) } ?? (point.x, point.y, point.x, point.y)
            }
            return points
        }
        var outlines: [Outline] = []
        // Longest band first, so each shorter one is drawn over it.
        for (index, band) in bands.enumerated().reversed() {
            let rings = band.geometry.polygons.flatMap(\.rings).map(project)
            outlines.append(Outline(rings: rings, label: nil, fill: Self.color(forBand: index, of: bands.count)))
        }
        for area in areas {
            outlines.append(Outline(rings: area.geometry.polygons.flatMap(\.rings).map(project), label: area.name))
        }
        let style = MarkerStyle(shape: .circle, fill: RGBA(hex: 0xD55E00))
        let markers = sources.map { source -> Marker in
            let point = project([source])[0]
            return Marker(x: point.x, y: point.y, style: style)
        }
        let extent = box.map { Extent(minX: $0.0, minY: $0.1, maxX: $0.2, maxY: $0.3) } ?? Extent(minX: 0, minY: 0, maxX: 1, maxY: 1)
        let legendBands = bands.enumerated().map { index, band in
            (MarkerStyle(shape: .square, fill: Self.color(forBand: index, of: bands.count)), "within \(Self.minutesText(band.minutes)) min")
        }
        return MapScene(
            extent: extent, outlines: outlines, markers: markers,
            title: "Drive-time areas from \(sources.count) \(sourceName)",
            subtitle: [bands.map { Self.minutesText($0.minutes) }.joined(separator: ", ") + " minutes by road"],
            legend: Legend(markers: legendBands + [(style, sourceName.capitalized)],
                           notes: ["ETAs: \(etaMethod.rawValue.replacingOccurrences(of: "_", with: " ")) model."] + notes))
    }

    /// Writes by extension: .geojson, .png, .svg or .pdf.
    public func write(to path: String, renderer: MapRenderer = MapRenderer()) throws {
        switch (path as NSString).pathExtension.lowercased() {
        case "geojson", "json": try DensityFiles.atomicWrite(try geoJSON(), to: path)
        case "png", "svg", "pdf": try renderer.render(try scene(), to: path)
        default: throw MapRenderError(description: "\(path): unknown output; use .geojson, .png, .svg or .pdf")
        }
    }

    public static func minutesText(_ minutes: Double) -> String {
        minutes.rounded() == minutes ? String(Int(minutes)) : String(format: "%.1f", minutes)
    }
}
