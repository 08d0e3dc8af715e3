/// A closed ring of a polygon: first and last positions are equal.
public typealias LinearRing = [Coordinate]

/// A polygon: the exterior ring first, then its holes.
public struct Polygon: Hashable, Sendable {
    public var rings: [LinearRing]

    public init(rings: [LinearRing]) {
        self.rings = rings
    }

    public var exterior: LinearRing { rings.first ?? [] }
}

/// The geometry types crisismap stores: points for facilities, teams and
/// calls, polygons and multipolygons for areas (RFC 7946 names).
public enum Geometry: Hashable, Sendable {
    case point(Coordinate)
    case polygon(Polygon)
    case multiPolygon([Polygon])

    /// The RFC 7946 `type` member.
    public var typeName: String {
        switch self {
        case .point: "Point"
        case .polygon: "Polygon"
        case .multiPolygon: "MultiPolygon"
        }
    }

    /// Every part as a polygon list (a single polygon is a one-part list).
    public var polygons: [Polygon] {
        switch self {
        case .point: []
        case .polygon(let polygon): [polygon]
        case .multiPolygon(let polygons): polygons
        }
    }
}
