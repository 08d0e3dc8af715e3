import CCairo

extension CairoCanvas {
    enum Weight { case regular, bold }

    /// DejaVu Sans (Debian's fonts-dejavu-core); fontconfig falls back to any sans face.
    func setFont(size: Double, weight: Weight = .regular) {
        cairo_select_font_face(context, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                               weight == .bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }

    /// Width and height of `text` in the current font.
    func measure(_ text: String) -> (width: Double, height: Double) {
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return (extents.x_advance, extents.height)
    }

    /// Draws `text` with its baseline starting at (x, y); `halo` draws a white outline under it.
    func text(_ text: String, x: Double, y: Double, color: RGBA = .black, halo: Bool = false) {
        if halo {
            cairo_move_to(context, x, y)
            cairo_text_path(context, text)
            setColor(RGBA(1, 1, 1, 0.85))
            cairo_set_line_width(context, 3)
            cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
            cairo_stroke(context)
        }
        setColor(color)
        cairo_move_to(context, x, y)
        cairo_show_text(context, text)
    }
}
