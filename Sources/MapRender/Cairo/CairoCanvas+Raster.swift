import CCairo

extension CairoCanvas {
    /// Draws a grid of colours into the rectangle, one image pixel per cell
    /// and no smoothing, so a hidden (transparent) cell stays empty on the map.
    func raster(_ layer: RasterLayer, x: Double, y: Double, width: Double, height: Double) {
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, Int32(layer.columns)))
        guard let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(layer.columns), Int32(layer.rows)) else { return }
        defer { cairo_surface_destroy(image) }
        cairo_surface_flush(image)
        guard let data = cairo_image_surface_get_data(image) else { return }
        let wordsPerRow = stride / 4
        data.withMemoryRebound(to: UInt32.self, capacity: wordsPerRow * layer.rows) { pixels in
            for row in 0..<layer.rows {
                // Image rows run north to south; grid rows south to north.
                let target = (layer.rows - 1 - row) * wordsPerRow
                for column in 0..<layer.columns {
                    pixels[target + column] = layer.colors[row * layer.columns + column].premultipliedARGB
                }
            }
        }
        cairo_surface_mark_dirty(image)
        cairo_save(context)
        cairo_translate(context, x, y)
        cairo_scale(context, width / Double(layer.columns), height / Double(layer.rows))
        cairo_set_source_surface(context, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), CAIRO_FILTER_NEAREST)
        cairo_paint(context)
        cairo_restore(context)
    }
}
