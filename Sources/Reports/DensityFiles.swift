import AtomicFile
import Analytics
import Foundation
import GeoCore

/// The density grid as data: GeoJSON cell polygons in WGS84 and CSV cell
/// centres. A cell with no call within reach is left out; a hidden cell is
/// present with `suppressed: true` and no count or density; a shown cell's
/// own count appears only when at least min-count calls fell in it.
enum DensityFiles {
    static func geoJSON(_ surface: DensitySurface) throws -> String {
        let grid = surface.grid
        let lattice = try Lattice(grid)
        var text = "{\"type\":\"FeatureCollection\",\"crisismap\":" + header(surface) + ",\"features\":[\n"
        var first = true
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let index = grid.index(column: column, row: row)
                guard !surface.isEmpty(index) else { continue }
                let corners = [(column, row), (column + 1, row), (column + 1, row + 1), (column, row + 1), (column, row)]
                    .map { lattice.position(column: $0.0, row: $0.1) }
                // Cells beyond where the CRS is defined have no WGS84 outline to give.
                guard corners.allSatisfy({ $0.lon.isFinite && $0.lat.isFinite }) else { continue }
                let ring = corners.map { "[\(coordinate($0.lon)),\(coordinate($0.lat))]" }.joined(separator: ",")
                var properties = "\"col\":\(column),\"row\":\(row)"
                if surface.privacy.isPrivate {
                    // Withheld cells are absent (isEmpty): a private file carries no flag at all.
                    if surface.counts[index] >= Int32(surface.minCount) { properties += ",\"count\":\(surface.counts[index])" }
                    properties += ",\"density\":\(value(surface.shownDensity(index)))"
                } else if surface.isSuppressed(index) {
                    properties += ",\"suppressed\":true"
                } else {
                    if surface.counts[index] >= Int32(surface.minCount) { properties += ",\"count\":\(surface.counts[index])" }
                    properties += ",\"density\":\(value(surface.density[index])),\"suppressed\":false"
                }
                text += (first ? "" : ",\n") + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[\(ring)]]},\"properties\":{\(properties)}}"
                first = false
            }
        }
        text += "\n]}\n"
        return text
    }

    static func csv(_ surface: DensitySurface) throws -> String {
        let grid = surface.grid
        let transform = try CoordinateTransform(from: grid.crs, to: "EPSG:4326")
        let isPrivate = surface.privacy.isPrivate
        var text = isPrivate ? "row,col,lat,lon,count,density\n" : "# \(exactMark)\nrow,col,lat,lon,count,density,suppressed\n"
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let index = grid.index(column: column, row: row)
                guard !surface.isEmpty(index) else { continue }
                let (x, y) = grid.centre(column: column, row: row)
                guard let (lon, lat) = try? transform.apply(x: x, y: y) else { continue }
                if isPrivate {
                    let count = surface.counts[index] >= Int32(surface.minCount) ? String(surface.counts[index]) : ""
                    text += "\(row),\(column),\(coordinate(lat)),\(coordinate(lon)),\(count),\(value(surface.shownDensity(index)))\n"
                } else if surface.isSuppressed(index) {
                    text += "\(row),\(column),\(coordinate(lat)),\(coordinate(lon)),,,true\n"
                } else {
                    let count = surface.counts[index] >= Int32(surface.minCount) ? String(surface.counts[index]) : ""
                    text += "\(row),\(column),\(coordinate(lat)),\(coordinate(lon)),\(count),\(value(surface.density[index])),false\n"
                }
            }
        }
        return text
    }

    /// What exact products say wherever they go.
    static let exactMark = "exact: not for publication"

    /// What the numbers mean, carried in the file itself.
    private static func header(_ surface: DensitySurface) -> String {
        let grid = surface.grid
        var text = "{\"crs\":\"\(grid.crs)\",\"cell_size_m\":\(grid.cellSize),\"bandwidth_m\":\(surface.bandwidth),"
            + "\"kernel\":\"\(surface.kernel.rawValue)\",\"min_count\":\(surface.minCount),"
        switch surface.privacy {
        case .exact:
            text += "\"calls\":\(surface.griddedCalls),\"privacy\":\"\(exactMark)\","
        case .released(let nodes, let epsilon):
            if surface.griddedCalls >= surface.minCount { text += "\"calls\":\(surface.griddedCalls)," }
            text += "\"privacy\":\"private\",\"releases\":[\(nodes.map { "\"\($0)\"" }.joined(separator: ","))],\"epsilon\":\(FileNumber.text(epsilon)),"
                + "\"withheld\":\"places resting on fewer than min_count noisy calls are not shown\","
        }
        return text + "\"density_unit\":\"calls per km² in the period\"}"
    }

    private static func coordinate(_ value: Double) -> String { FileNumber.text(value) }
    private static func value(_ value: Double) -> String { FileNumber.text(value) }

    static func atomicWrite(_ text: String, to path: String) throws {
        try AtomicFile.write(Data(text.utf8), to: path)
    }
}

/// Every grid corner in WGS84, transformed in one call into PROJ.
private struct Lattice {
    let columns: Int
    var lons: [Double]
    var lats: [Double]

    init(_ grid: GridSpec) throws {
        columns = grid.columns + 1
        var xs: [Double] = [], ys: [Double] = []
        xs.reserveCapacity((grid.rows + 1) * columns)
        ys.reserveCapacity((grid.rows + 1) * columns)
        for row in 0...grid.rows {
            for column in 0...grid.columns {
                xs.append(grid.originX + Double(column) * grid.cellSize)
                ys.append(grid.originY + Double(row) * grid.cellSize)
            }
        }
        try CoordinateTransform(from: grid.crs, to: "EPSG:4326").apply(xs: &xs, ys: &ys)
        lons = xs
        lats = ys
    }

    func position(column: Int, row: Int) -> (lon: Double, lat: Double) {
        (lons[row * columns + column], lats[row * columns + column])
    }
}
