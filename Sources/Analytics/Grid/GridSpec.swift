/// A regular grid of square cells in a metric CRS: where a density is
/// computed and drawn. Row 0 is the southernmost row, column 0 the westernmost.
public struct GridSpec: Hashable, Sendable, Codable {
    /// The metric CRS the cells are square in (`EPSG:32613` for UTM 13N).
    public var crs: String
    /// South-west corner of cell (0, 0), metres.
    public var originX: Double
    public var originY: Double
    public var cellSize: Double
    public var columns: Int
    public var rows: Int

    public init(crs: String, originX: Double, originY: Double, cellSize: Double, columns: Int, rows: Int) {
        self.crs = crs
        self.originX = originX
        self.originY = originY
        self.cellSize = cellSize
        self.columns = columns
        self.rows = rows
    }

    public var cellCount: Int { columns * rows }
    /// Cell area in square kilometres.
    public var cellAreaKm2: Double { cellSize * cellSize / 1_000_000 }
    public var maxX: Double { originX + Double(columns) * cellSize }
    public var maxY: Double { originY + Double(rows) * cellSize }

    /// The cell holding a projected point, or nil outside the grid.
    public func cell(x: Double, y: Double) -> (column: Int, row: Int)? {
        let column = ((x - originX) / cellSize).rounded(.down)
        let row = ((y - originY) / cellSize).rounded(.down)
        guard column >= 0, row >= 0, column < Double(columns), row < Double(rows) else { return nil }
        return (Int(column), Int(row))
    }

    public func index(column: Int, row: Int) -> Int { row * columns + column }

    public func centre(column: Int, row: Int) -> (x: Double, y: Double) {
        (originX + (Double(column) + 0.5) * cellSize, originY + (Double(row) + 0.5) * cellSize)
    }
}
