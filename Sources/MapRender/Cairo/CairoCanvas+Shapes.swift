import CCairo

extension CairoCanvas {
    /// Fills rings given in canvas coordinates, holes by the even-odd rule.
    func fillRings(_ rings: [[(Double, Double)]], color: RGBA) {
        cairo_new_path(context)
        for ring in rings {
            guard let first = ring.first else { continue }
            cairo_move_to(context, first.0, first.1)
            for point in ring.dropFirst() { cairo_line_to(context, point.0, point.1) }
            cairo_close_path(context)
        }
        cairo_set_fill_rule(context, CAIRO_FILL_RULE_EVEN_ODD)
        setColor(color)
        cairo_fill(context)
    }

    /// Strokes rings given in canvas coordinates.
    func strokeRings(_ rings: [[(Double, Double)]], color: RGBA, width: Double) {
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        for ring in rings {
            guard let first = ring.first else { continue }
            cairo_move_to(context, first.0, first.1)
            for point in ring.dropFirst() { cairo_line_to(context, point.0, point.1) }
            cairo_close_path(context)
        }
        cairo_stroke(context)
    }

    /// A symbol of `size` (its width) centred on (x, y), with a thin dark edge and a white halo.
    func marker(_ style: MarkerStyle, x: Double, y: Double, size: Double) {
        let r = size / 2
        cairo_new_path(context)
        switch style.shape {
        case .circle:
            cairo_arc(context, x, y, r, 0, 2 * .pi)
        case .square:
            cairo_rectangle(context, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8)
        case .diamond:
            cairo_move_to(context, x, y - r * 1.2)
            cairo_line_to(context, x + r * 1.2, y)
            cairo_line_to(context, x, y + r * 1.2)
            cairo_line_to(context, x - r * 1.2, y)
            cairo_close_path(context)
        case .triangle:
            cairo_move_to(context, x, y - r * 1.2)
            cairo_line_to(context, x + r * 1.1, y + r * 0.8)
            cairo_line_to(context, x - r * 1.1, y + r * 0.8)
            cairo_close_path(context)
        case .invertedTriangle:
            cairo_move_to(context, x, y + r * 1.2)
            cairo_line_to(context, x + r * 1.1, y - r * 0.8)
            cairo_line_to(context, x - r * 1.1, y - r * 0.8)
            cairo_close_path(context)
        case .cross:
            let t = r * 0.38
            for (dx, dy, w, h) in [(-r, -t, 2 * r, 2 * t), (-t, -r, 2 * t, 2 * r)] {
                cairo_rectangle(context, x + dx, y + dy, w, h)
            }
        }
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        setColor(RGBA(1, 1, 1, 0.9))
        cairo_set_line_width(context, 3)
        cairo_stroke_preserve(context)
        setColor(style.fill)
        cairo_fill_preserve(context)
        setColor(RGBA(0.1, 0.1, 0.1))
        cairo_set_line_width(context, 0.8)
        cairo_stroke(context)
    }
}
