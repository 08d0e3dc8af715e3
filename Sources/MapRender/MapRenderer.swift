import AtomicFile
import Foundation

/// Draws a `MapScene` as a report-ready map: title, the map frame (raster,
/// outlines with labels where they fit, markers), a legend panel with the
/// colour bar, symbols and notes, and a scale bar.
public struct MapRenderer: Sendable {
    /// Canvas size in pixels (PNG) or points (SVG, PDF).
    public var width: Double
    public var height: Double
    /// PNG only: pixels per logical unit (dpi / 96), so a 192-dpi map has the same layout at twice the pixels.
    public var scale: Double

    public init(width: Double = 1600, height: Double = 1200, dpi: Double = 96) {
        self.width = width
        self.height = height
        self.scale = dpi / 96
    }

    /// Writes the map to `path` (format from the extension unless given).
    /// The file appears complete or not at all: drawing goes to a temporary
    /// file in the same folder, renamed into place at the end.
    public func render(_ scene: MapScene, to path: String, format: MapFormat? = nil) throws {
        guard let format = format ?? MapFormat(path: path) else {
            throw MapRenderError(description: "\(path): unknown map format; use .png, .svg or .pdf")
        }
        try AtomicFile.write(to: path) { temporary in
            let canvas = try CairoCanvas(format: format, path: temporary, width: width, height: height, scale: format == .png ? scale : 1)
            draw(scene, on: canvas)
            try canvas.finish()
        }
    }

    /// Where the map itself goes on the canvas.
    var mapFrame: (x: Double, y: Double, width: Double, height: Double) {
        (x: margin, y: titleHeight, width: width - legendWidth - 3 * margin, height: height - titleHeight - margin)
    }

    private var legendWidth: Double { min(340, width * 0.28) }
    private var margin: Double { 24 }
    private var titleHeight: Double { 96 }

    private func draw(_ scene: MapScene, on canvas: CairoCanvas) {
        canvas.fillRectangle(x: 0, y: 0, width: width, height: height, color: .white)
        let frame = mapFrame
        let projection = FrameProjection(extent: scene.extent, frame: frame)

        canvas.withClip(x: frame.x, y: frame.y, width: frame.width, height: frame.height) {
            canvas.fillRectangle(x: frame.x, y: frame.y, width: frame.width, height: frame.height, color: RGBA(0.97, 0.97, 0.96))
            if let raster = scene.raster {
                let (x0, y1) = projection.point(raster.originX, raster.originY)
                let (x1, y0) = projection.point(raster.originX + Double(raster.columns) * raster.cellSize,
                                                 raster.originY + Double(raster.rows) * raster.cellSize)
                canvas.raster(raster, x: x0, y: y0, width: x1 - x0, height: y1 - y0)
            }
            for outline in scene.outlines {
                if let fill = outline.fill {
                    canvas.fillRings(outline.rings.map { $0.map { projection.point($0.x, $0.y) } }, color: fill)
                }
                canvas.strokeRings(outline.rings.map { $0.map { projection.point($0.x, $0.y) } }, color: RGBA(0.25, 0.25, 0.3, 0.8), width: 0.9)
            }
            drawLabels(scene.outlines, projection: projection, on: canvas)
            for marker in scene.markers {
                let (x, y) = projection.point(marker.x, marker.y)
                canvas.marker(marker.style, x: x, y: y, size: 11)
            }
        }
        canvas.strokeRectangle(x: frame.x, y: frame.y, width: frame.width, height: frame.height, color: RGBA(0.3, 0.3, 0.3), lineWidth: 1)
        drawTitle(scene, on: canvas)
        drawScaleBar(projection: projection, frame: frame, on: canvas)
        drawLegend(scene.legend, x: width - legendWidth - margin, y: titleHeight, on: canvas)
    }

    private func drawTitle(_ scene: MapScene, on canvas: CairoCanvas) {
        canvas.setFont(size: 28, weight: .bold)
        canvas.text(scene.title, x: margin, y: 42)
        canvas.setFont(size: 15)
        for (index, line) in scene.subtitle.prefix(2).enumerated() {
            canvas.text(line, x: margin, y: 66 + Double(index) * 19, color: RGBA(0.25, 0.25, 0.25))
        }
    }

    /// Area names at the centre of their bounding box, where the name fits
    /// inside the box and does not overlap a name already placed.
    private func drawLabels(_ outlines: [Outline], projection: FrameProjection, on canvas: CairoCanvas) {
        canvas.setFont(size: 11)
        var placed: [(Double, Double, Double, Double)] = []
        for outline in outlines {
            guard let label = outline.label, let ring = outline.rings.max(by: { $0.count < $1.count }) else { continue }
            let points = ring.map { projection.point($0.x, $0.y) }
            guard let minX = points.map(\.0).min(), let maxX = points.map(\.0).max(),
                  let minY = points.map(\.1).min(), let maxY = points.map(\.1).max() else { continue }
            let (textWidth, textHeight) = canvas.measure(label)
            guard textWidth < (maxX - minX) * 0.9, textHeight < (maxY - minY) * 0.6 else { continue }
            let x = (minX + maxX) / 2 - textWidth / 2, y = (minY + maxY) / 2 + textHeight / 2
            let box = (x - 2, y - textHeight - 2, x + textWidth + 2, y + 2)
            guard !placed.contains(where: { box.0 < $0.2 && box.2 > $0.0 && box.1 < $0.3 && box.3 > $0.1 }) else { continue }
            placed.append(box)
            canvas.text(label, x: x, y: y, color: RGBA(0.15, 0.15, 0.2), halo: true)
        }
    }

    private func drawScaleBar(projection: FrameProjection, frame: (x: Double, y: Double, width: Double, height: Double), on canvas: CairoCanvas) {
        let metres = niceLength(projection.metresPerUnit * frame.width / 5)
        let length = metres / projection.metresPerUnit
        let x = frame.x + 16, y = frame.y + frame.height - 20
        canvas.fillRectangle(x: x - 8, y: y - 26, width: length + 70, height: 38, color: RGBA(1, 1, 1, 0.8))
        canvas.fillRectangle(x: x, y: y - 5, width: length / 2, height: 5, color: RGBA(0.1, 0.1, 0.1))
        canvas.fillRectangle(x: x + length / 2, y: y - 5, width: length / 2, height: 5, color: .white)
        canvas.strokeRectangle(x: x, y: y - 5, width: length, height: 5, color: RGBA(0.1, 0.1, 0.1), lineWidth: 1)
        canvas.setFont(size: 12)
        canvas.text("0", x: x - 3, y: y - 9)
        let label = metres >= 1000 ? "\(formatted(metres / 1000)) km" : "\(Int(metres)) m"
        canvas.text(label, x: x + length - canvas.measure(label).width / 2, y: y - 9)
    }

    private func drawLegend(_ legend: Legend, x: Double, y: Double, on canvas: CairoCanvas) {
        var cursor = y + 6
        if let bar = legend.colorBar {
            canvas.setFont(size: 14, weight: .bold)
            cursor = wrapped(bar.unit, x: x, y: cursor + 14, width: legendWidth, size: 14, on: canvas) + 6
            let barWidth = legendWidth - 20, barHeight = 18.0
            let steps = 64
            for step in 0..<steps {
                let t = (Double(step) + 0.5) / Double(steps)
                canvas.fillRectangle(x: x + Double(step) * barWidth / Double(steps), y: cursor,
                                     width: barWidth / Double(steps) + 0.5, height: barHeight, color: bar.ramp.color(at: t))
            }
            canvas.strokeRectangle(x: x, y: cursor, width: barWidth, height: barHeight, color: RGBA(0.4, 0.4, 0.4), lineWidth: 0.8)
            canvas.setFont(size: 12)
            canvas.text(bar.low, x: x, y: cursor + barHeight + 15)
            canvas.text(bar.high, x: x + barWidth - canvas.measure(bar.high).width, y: cursor + barHeight + 15)
            cursor += barHeight + 36
        }
        if !legend.markers.isEmpty {
            canvas.setFont(size: 14, weight: .bold)
            canvas.text("Facilities", x: x, y: cursor + 12)
            cursor += 26
            canvas.setFont(size: 12)
            for (style, label) in legend.markers {
                canvas.marker(style, x: x + 8, y: cursor, size: 11)
                canvas.text(label, x: x + 24, y: cursor + 4)
                cursor += 20
            }
            cursor += 8
        }
        canvas.setFont(size: 12)
        for note in legend.notes {
            cursor = wrapped(note, x: x, y: cursor + 12, width: legendWidth, size: 12, on: canvas) + 8
        }
    }

    /// Draws `text` in lines no wider than `width`; returns the last baseline.
    private func wrapped(_ text: String, x: Double, y: Double, width: Double, size: Double, on canvas: CairoCanvas) -> Double {
        var line = ""
        var baseline = y
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if canvas.measure(candidate).width > width, !line.isEmpty {
                canvas.text(line, x: x, y: baseline)
                baseline += size * 1.3
                line = String(word)
            } else {
                line = candidate
            }
        }
        if !line.isEmpty { canvas.text(line, x: x, y: baseline) }
        return baseline
    }

    private func niceLength(_ metres: Double) -> Double {
        guard metres > 0 else { return 1 }
        let magnitude = pow(10, log10(metres).rounded(.down))
        return ([1, 2, 5, 10].last { $0 * magnitude <= metres } ?? 1) * magnitude
    }

    private func formatted(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }
}

/// Metres to canvas units: uniform scale, the extent centred in the frame, north up.
struct FrameProjection {
    let originX: Double, originY: Double
    let unitsPerMetre: Double
    let frameX: Double, frameBottom: Double, offsetX: Double, offsetY: Double

    init(extent: Extent, frame: (x: Double, y: Double, width: Double, height: Double)) {
        let scale = min(frame.width / max(extent.width, 1e-9), frame.height / max(extent.height, 1e-9))
        unitsPerMetre = scale
        originX = extent.minX
        originY = extent.minY
        frameX = frame.x
        frameBottom = frame.y + frame.height
        offsetX = (frame.width - extent.width * scale) / 2
        offsetY = (frame.height - extent.height * scale) / 2
    }

    var metresPerUnit: Double { 1 / unitsPerMetre }

    func point(_ x: Double, _ y: Double) -> (Double, Double) {
        (frameX + offsetX + (x - originX) * unitsPerMetre, frameBottom - offsetY - (y - originY) * unitsPerMetre)
    }
}
