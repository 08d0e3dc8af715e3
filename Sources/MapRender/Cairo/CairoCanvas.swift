import CCairo
import Foundation

/// File formats a map can be written in.
public enum MapFormat: String, CaseIterable, Sendable {
    case png, svg, pdf

    /// From a file name's extension.
    public init?(path: String) {
        self.init(rawValue: (path as NSString).pathExtension.lowercased())
    }
}

public struct MapRenderError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// One Cairo surface and its drawing context: the only place that creates,
/// finishes and destroys them. Vector surfaces write to their file as they
/// finish; the PNG is written at the end.
final class CairoCanvas {
    let context: OpaquePointer
    private let surface: OpaquePointer
    private let format: MapFormat
    private let path: String

    init(format: MapFormat, path: String, width: Double, height: Double, scale: Double) throws {
        self.format = format
        self.path = path
        let created: OpaquePointer?
        switch format {
        case .png:
            created = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32((width * scale).rounded()), Int32((height * scale).rounded()))
        case .svg:
            created = cairo_svg_surface_create(path, width, height)
        case .pdf:
            created = cairo_pdf_surface_create(path, width, height)
        }
        guard let created, cairo_surface_status(created) == CAIRO_STATUS_SUCCESS else {
            let status = created.map { String(cString: cairo_status_to_string(cairo_surface_status($0))) } ?? "no surface"
            if let created { cairo_surface_destroy(created) }
            throw MapRenderError(description: "\(path): cannot create a \(format.rawValue) surface (\(status))")
        }
        surface = created
        context = cairo_create(created)
        if format == .png { cairo_scale(context, scale, scale) }
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Completes the file. A failed write throws and leaves the caller to remove the partial file.
    func finish() throws {
        let drawStatus = cairo_status(context)
        guard drawStatus == CAIRO_STATUS_SUCCESS else {
            throw MapRenderError(description: "\(path): drawing failed (\(String(cString: cairo_status_to_string(drawStatus))))")
        }
        if format == .png {
            cairo_surface_flush(surface)
            let status = cairo_surface_write_to_png(surface, path)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw MapRenderError(description: "\(path): cannot write the PNG (\(String(cString: cairo_status_to_string(status))))")
            }
        } else {
            cairo_surface_finish(surface)
            let status = cairo_surface_status(surface)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw MapRenderError(description: "\(path): cannot write the \(format.rawValue) (\(String(cString: cairo_status_to_string(status))))")
            }
        }
    }
}

extension CairoCanvas {
    func setColor(_ color: RGBA) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, color.alpha)
    }

    func fillRectangle(x: Double, y: Double, width: Double, height: Double, color: RGBA) {
        setColor(color)
        cairo_rectangle(context, x, y, width, height)
        cairo_fill(context)
    }

    func strokeRectangle(x: Double, y: Double, width: Double, height: Double, color: RGBA, lineWidth: Double) {
        setColor(color)
        cairo_set_line_width(context, lineWidth)
        cairo_rectangle(context, x, y, width, height)
        cairo_stroke(context)
    }

    func line(from a: (Double, Double), to b: (Double, Double), color: RGBA, width: Double) {
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_move_to(context, a.0, a.1)
        cairo_line_to(context, b.0, b.1)
        cairo_stroke(context)
    }

    func withClip(x: Double, y: Double, width: Double, height: Double, _ body: () -> Void) {
        cairo_save(context)
        cairo_rectangle(context, x, y, width, height)
        cairo_clip(context)
        body()
        cairo_restore(context)
    }
}
