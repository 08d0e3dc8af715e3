/// Everything a map shows, in one metric CRS (metres east and north). The
/// renderer knows nothing of calls, facilities or areas: the products that
/// build scenes decide what is drawn and how it is styled.
public struct MapScene: Sendable {
    public var extent: Extent
    public var raster: RasterLayer?
    public var outlines: [Outline]
    public var markers: [Marker]
    public var title: String
    /// Lines under the title (period, counts, method).
    public var subtitle: [String]
    public var legend: Legend

    public init(extent: Extent, raster: RasterLayer? = nil, outlines: [Outline] = [], markers: [Marker] = [],
                title: String, subtitle: [String] = [], legend: Legend = Legend()) {
        self.extent = extent
        self.raster = raster
        self.outlines = outlines
        self.markers = markers
        self.title = title
        self.subtitle = subtitle
        self.legend = legend
    }
}

public struct Extent: Hashable, Sendable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }
}

/// A grid of colours; row 0 is the southernmost. A cell with alpha 0 is not drawn at all.
public struct RasterLayer: Sendable {
    public var originX: Double
    public var originY: Double
    public var cellSize: Double
    public var columns: Int
    public var rows: Int
    /// One colour per cell, row-major from the south-west.
    public var colors: [RGBA]

    public init(originX: Double, originY: Double, cellSize: Double, columns: Int, rows: Int, colors: [RGBA]) {
        precondition(colors.count == columns * rows, "one colour per cell")
        self.originX = originX
        self.originY = originY
        self.cellSize = cellSize
        self.columns = columns
        self.rows = rows
        self.colors = colors
    }
}

/// A polygon outline (rings of x, y in metres) with an optional label and
/// fill (a choropleth); holes are filled by the even-odd rule.
public struct Outline: Sendable {
    public var rings: [[(x: Double, y: Double)]]
    public var label: String?
    public var fill: RGBA?

    public init(rings: [[(x: Double, y: Double)]], label: String?, fill: RGBA? = nil) {
        self.rings = rings
        self.label = label
        self.fill = fill
    }
}

public struct Marker: Sendable {
    public var x: Double
    public var y: Double
    public var style: MarkerStyle

    public init(x: Double, y: Double, style: MarkerStyle) {
        self.x = x
        self.y = y
        self.style = style
    }
}

public struct MarkerStyle: Hashable, Sendable {
    public enum Shape: Hashable, Sendable {
        case circle, square, diamond, triangle, invertedTriangle, cross
    }

    public var shape: Shape
    public var fill: RGBA

    public init(shape: Shape, fill: RGBA) {
        self.shape = shape
        self.fill = fill
    }
}

/// The legend: a colour bar with its unit, marker entries and notes.
public struct Legend: Sendable {
    public struct ColorBar: Sendable {
        public var ramp: ColorRamp
        public var low: String
        public var high: String
        public var unit: String

        public init(ramp: ColorRamp, low: String, high: String, unit: String) {
            self.ramp = ramp
            self.low = low
            self.high = high
            self.unit = unit
        }
    }

    public var colorBar: ColorBar?
    public var markers: [(MarkerStyle, String)]
    public var notes: [String]

    public init(colorBar: ColorBar? = nil, markers: [(MarkerStyle, String)] = [], notes: [String] = []) {
        self.colorBar = colorBar
        self.markers = markers
        self.notes = notes
    }
}
