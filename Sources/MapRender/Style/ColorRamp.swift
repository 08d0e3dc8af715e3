/// A colour ramp from 0 to 1. `heat` is matplotlib's inferno (perceptually
/// uniform, readable in grey and by colour-blind readers) run from pale
/// yellow to near black, with the low end fading to transparent so that
/// places with few calls leave the base map visible.
public struct ColorRamp: Sendable {
    public var anchors: [RGBA]
    /// Below this position the alpha ramps down to 0 at 0.
    public var fadeBelow: Double

    public init(anchors: [RGBA], fadeBelow: Double) {
        self.anchors = anchors
        self.fadeBelow = fadeBelow
    }

    public static let heat = ColorRamp(
        anchors: [0xFCFFA4, 0xF9CB35, 0xF98E09, 0xE35933, 0xBA3655, 0x88226A, 0x550F6D, 0x1F0C48].map { RGBA(hex: $0) },
        fadeBelow: 0.25)

    /// The colour at `t` (clamped to 0...1); 0 is fully transparent.
    public func color(at t: Double) -> RGBA {
        let t = max(0, min(1, t))
        let scaled = t * Double(anchors.count - 1)
        let index = min(anchors.count - 2, Int(scaled))
        let f = scaled - Double(index)
        let a = anchors[index], b = anchors[index + 1]
        var color = RGBA(a.red + (b.red - a.red) * f, a.green + (b.green - a.green) * f, a.blue + (b.blue - a.blue) * f)
        color.alpha = 0.85 * (t >= fadeBelow ? 1 : t / fadeBelow)
        return color
    }
}
