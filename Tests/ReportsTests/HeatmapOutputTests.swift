import CCairo
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GeoCore
import Testing
@testable import Analytics
@testable import MapRender
@testable import Reports
import Store

/// Every output format is valid, not blank, and shows nothing of a cell
/// under the privacy threshold.
@Suite struct HeatmapOutputTests {
    static let lonely = (lat: 39.80, lon: -104.90)

    /// A dense cluster, and one call alone 10 km away.
    static func surface(minCount: Int = 11) throws -> DensitySurface {
        var points = CallPoints()
        for i in 0..<400 {
            let angle = Double(i) * 2.399963, radius = 0.004 * (Double(i % 20) / 20)
            points.append(latitude: 39.74 + radius * sin(angle), longitude: -104.99 + radius * cos(angle), receivedAt: 0)
        }
        points.append(latitude: lonely.lat, longitude: lonely.lon, receivedAt: 0)
        return try DensityEstimator.estimate(points, DensityRequest(cellSize: 100, bandwidth: 300, minCount: minCount))
    }

    static func lonelyCell(_ surface: DensitySurface) throws -> (x: Double, y: Double, column: Int, row: Int) {
        let (x, y) = try CoordinateTransform(from: "EPSG:4326", to: surface.grid.crs).apply(x: lonely.lon, y: lonely.lat)
        let cell = try #require(surface.grid.cell(x: x, y: y))
        return (x, y, cell.column, cell.row)
    }

    static func clusterCell(_ surface: DensitySurface) throws -> (x: Double, y: Double, column: Int, row: Int) {
        let (x, y) = try CoordinateTransform(from: "EPSG:4326", to: surface.grid.crs).apply(x: -104.99, y: 39.74)
        let cell = try #require(surface.grid.cell(x: x, y: y))
        return (x, y, cell.column, cell.row)
    }

    /// The frame's background, RGB(0.97, 0.97, 0.96), give or take Cairo's rounding.
    func isBackground(_ pixel: (UInt8, UInt8, UInt8, UInt8)) -> Bool {
        abs(Int(pixel.0) - 247) <= 1 && abs(Int(pixel.1) - 247) <= 1 && abs(Int(pixel.2) - 245) <= 1
    }

    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("crisismap-report-\(UUID().uuidString)-\(name)").path
    }

    /// RGBA of the PNG pixel at (x, y) canvas units.
    func pixel(_ path: String, x: Double, y: Double) throws -> (UInt8, UInt8, UInt8, UInt8) {
        let image = try #require(cairo_image_surface_create_from_png(path))
        defer { cairo_surface_destroy(image) }
        #expect(cairo_surface_status(image) == CAIRO_STATUS_SUCCESS)
        let stride = Int(cairo_image_surface_get_stride(image))
        let data = try #require(cairo_image_surface_get_data(image))
        let offset = Int(y) * stride + Int(x) * 4
        // ARGB32, little-endian bytes: B, G, R, A.
        return (data[offset + 2], data[offset + 1], data[offset], data[offset + 3])
    }

    @Test func thePNGIsAValidMapThatHidesTheLonelyCall() throws {
        let surface = try Self.surface()
        let lonely = try Self.lonelyCell(surface), cluster = try Self.clusterCell(surface)
        #expect(surface.isSuppressed(surface.grid.index(column: lonely.column, row: lonely.row)))
        let renderer = MapRenderer(width: 1200, height: 900)
        let path = temporary("map.png")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try HeatmapReport(surface: surface, period: "test").write(to: path, renderer: renderer)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "PNG signature")
        #expect(bytes[16..<24].elementsEqual([0, 0, 4, 0xB0, 0, 0, 3, 0x84]), "IHDR says 1200 x 900")

        let grid = surface.grid
        let projection = FrameProjection(extent: Extent(minX: grid.originX, minY: grid.originY, maxX: grid.maxX, maxY: grid.maxY),
                                         frame: renderer.mapFrame)
        let hiddenPoint = projection.point(grid.centre(column: lonely.column, row: lonely.row).x, grid.centre(column: lonely.column, row: lonely.row).y)
        let shownPoint = projection.point(grid.centre(column: cluster.column, row: cluster.row).x, grid.centre(column: cluster.column, row: cluster.row).y)
        let background = try pixel(path, x: hiddenPoint.0, y: hiddenPoint.1)
        #expect(isBackground(background), "the hidden cell shows the bare frame: \(background)")
        let heat = try pixel(path, x: shownPoint.0, y: shownPoint.1)
        #expect(!isBackground(heat), "the cluster is drawn: \(heat)")

        // Control: with --min-count 1 the same pixel is coloured, so the check above looks at the right place.
        let open = temporary("open.png")
        defer { try? FileManager.default.removeItem(atPath: open) }
        try HeatmapReport(surface: try Self.surface(minCount: 1), period: "test").write(to: open, renderer: renderer)
        let exposed = try pixel(open, x: hiddenPoint.0, y: hiddenPoint.1)
        #expect(!isBackground(exposed), "control pixel: \(exposed)")
    }

    @Test func theSVGParsesAndItsEmbeddedRasterHidesTheLonelyCall() throws {
        let surface = try Self.surface()
        let lonely = try Self.lonelyCell(surface), cluster = try Self.clusterCell(surface)
        let path = temporary("map.svg")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try HeatmapReport(surface: surface, period: "test").write(to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let collector = ImageCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        #expect(parser.parse(), "the SVG is well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(collector.elementCount > 50, "not blank")
        let rasters = collector.pngImages.filter { $0.count > 0 }
        let raster = try #require(rasters.first { image in
            let file = temporary("raster.png")
            defer { try? FileManager.default.removeItem(atPath: file) }
            try? image.write(to: URL(fileURLWithPath: file))
            guard let surfaceImage = cairo_image_surface_create_from_png(file) else { return false }
            defer { cairo_surface_destroy(surfaceImage) }
            return Int(cairo_image_surface_get_width(surfaceImage)) == surface.grid.columns
        }, "the density raster is embedded at one pixel per cell")
        let file = temporary("raster.png")
        defer { try? FileManager.default.removeItem(atPath: file) }
        try raster.write(to: URL(fileURLWithPath: file))
        let rows = surface.grid.rows
        #expect(try pixel(file, x: Double(lonely.column), y: Double(rows - 1 - lonely.row)).3 == 0, "hidden cell is transparent")
        #expect(try pixel(file, x: Double(cluster.column), y: Double(rows - 1 - cluster.row)).3 > 0, "cluster cell is drawn")
    }

    @Test func thePDFHasAHeaderAndContent() throws {
        let path = temporary("map.pdf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try HeatmapReport(surface: try Self.surface(), period: "test").write(to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.starts(with: Array("%PDF-".utf8)))
        #expect(data.count > 5_000)
    }

    @Test func theGeoJSONAndCSVCarryNoValueForHiddenCells() throws {
        let surface = try Self.surface()
        let lonely = try Self.lonelyCell(surface)
        let geojson = temporary("grid.geojson"), csv = temporary("grid.csv")
        defer {
            try? FileManager.default.removeItem(atPath: geojson)
            try? FileManager.default.removeItem(atPath: csv)
        }
        try HeatmapReport(surface: surface, period: "test").write(to: geojson)
        try HeatmapReport(surface: surface, period: "test").write(to: csv)
        let collection = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: geojson))) as? [String: Any]
        let features = try #require(collection?["features"] as? [[String: Any]])
        var sawLonely = false, shown = 0
        for feature in features {
            let properties = try #require(feature["properties"] as? [String: Any])
            let index = surface.grid.index(column: properties["col"] as! Int, row: properties["row"] as! Int)
            if properties["suppressed"] as? Bool == true {
                #expect(properties["density"] == nil && properties["count"] == nil, "a hidden cell reveals no value")
                #expect(surface.isSuppressed(index))
            } else {
                shown += 1
                #expect(surface.reachCounts[index] >= 11)
                if let count = properties["count"] as? Int { #expect(count >= 11, "small own counts are left out") }
            }
            if properties["col"] as? Int == lonely.column, properties["row"] as? Int == lonely.row {
                sawLonely = true
                #expect(properties["suppressed"] as? Bool == true)
            }
        }
        #expect(sawLonely && shown > 0)
        let all = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(all[0] == "# exact: not for publication", "an exact table says so first")
        let lines = Array(all.dropFirst())
        #expect(lines[0] == "row,col,lat,lon,count,density,suppressed")
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields[6] == "true" { #expect(fields[4].isEmpty && fields[5].isEmpty, "\(line)") }
        }
        #expect(lines.contains { $0.hasPrefix("\(lonely.row),\(lonely.column),") && $0.hasSuffix(",,,true") })
    }
}

/// Collects the PNG data URIs of an SVG's <image> elements.
final class ImageCollector: NSObject, XMLParserDelegate {
    var elementCount = 0
    var pngImages: [Data] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elementCount += 1
        guard name == "image" else { return }
        let link = attributes["xlink:href"] ?? attributes["href"] ?? ""
        let prefix = "data:image/png;base64,"
        if link.hasPrefix(prefix), let data = Data(base64Encoded: String(link.dropFirst(prefix.count))) { pngImages.append(data) }
    }
}
