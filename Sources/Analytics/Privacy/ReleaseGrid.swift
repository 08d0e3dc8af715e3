import Foundation
import GeoCore
import Store

/// The grid every release counts cells on: 250 m squares in the local UTM
/// zone, over the areas' extent, aligned to multiples of 250 m. Nothing a
/// planner receives resolves below it.
public enum ReleaseGrid {
    public static let cellSize = 250.0

    public enum GridError: Error, Sendable, CustomStringConvertible {
        case noAreas
        case tooLarge(columns: Int, rows: Int)

        public var description: String {
            switch self {
            case .noAreas: "the release grid covers the areas' extent, and the store has no areas; import some with `crisismap import areas FILE`"
            case .tooLarge(let columns, let rows): "the areas span \(columns) x \(rows) release cells, over the limit of 16,000,000"
            }
        }
    }

    public static func covering(_ areas: [Area]) throws -> GridSpec {
        let points = areas.flatMap { $0.geometry.polygons.map(\.exterior) }.flatMap { $0 }
        guard let box = BoundingBox(covering: points) else { throw GridError.noAreas }
        let crs = UTMZone(containing: box.center).epsg
        let transform = try CoordinateTransform(from: "EPSG:4326", to: crs)
        var xs = points.map(\.longitude), ys = points.map(\.latitude)
        transform.apply(xs: &xs, ys: &ys)
        let minX = ((xs.min() ?? 0) / cellSize).rounded(.down) * cellSize
        let minY = ((ys.min() ?? 0) / cellSize).rounded(.down) * cellSize
        let columns = max(1, Int((((xs.max() ?? 0) - minX) / cellSize).rounded(.down)) + 1)
        let rows = max(1, Int((((ys.max() ?? 0) - minY) / cellSize).rounded(.down)) + 1)
        guard columns * rows <= 16_000_000 else { throw GridError.tooLarge(columns: columns, rows: rows) }
        return GridSpec(crs: crs, originX: minX, originY: minY, cellSize: cellSize, columns: columns, rows: rows)
    }

    /// The unit name of a cell in release counts.
    public static func unit(column: Int, row: Int) -> String { "\(column):\(row)" }

    public static func cell(unit: String) -> (column: Int, row: Int)? {
        let parts = unit.split(separator: ":")
        guard parts.count == 2, let column = Int(parts[0]), let row = Int(parts[1]) else { return nil }
        return (column, row)
    }

    public static func encode(_ grid: GridSpec) -> String {
        String(decoding: try! JSONEncoder().encode(grid), as: UTF8.self)
    }

    public static func decode(_ text: String) -> GridSpec? {
        try? JSONDecoder().decode(GridSpec.self, from: Data(text.utf8))
    }
}
