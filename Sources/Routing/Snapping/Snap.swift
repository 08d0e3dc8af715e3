import GeoCore

/// Where a location meets the road network: the nearest point on the
/// nearest drivable edge.
public struct Snap: Hashable, Sendable {
    /// The edge and how far along it (by length, from its `from` node).
    public var position: EdgePosition
    /// `RoadEdge.id` of the edge.
    public var edgeID: Int64
    /// The point on the edge.
    public var coordinate: Coordinate
    /// Geodesic metres from the location to `coordinate`: the off-road leg.
    public var distance: Double

    public var edge: Int { position.edge }
    public var fraction: Double { position.fraction }
}
