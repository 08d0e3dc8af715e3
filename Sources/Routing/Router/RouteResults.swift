import GeoCore

/// The road-network travel time between two locations.
///
/// `seconds` and `metres` run from the origin's snap point to the target's,
/// over the road. The off-road legs (location to snap point, `origin.distance`
/// and `target.distance`) add no time: they are reported so a caller can
/// add its own allowance (walking from a parked car, a long driveway) or
/// distrust a far snap.
public struct RouteTime: Hashable, Sendable {
    public var seconds: Double
    public var metres: Double
    public var origin: Snap
    public var target: Snap
}

/// A road route with the geometry to draw it.
public struct Route: Hashable, Sendable {
    public var seconds: Double
    public var metres: Double
    /// From `origin.coordinate` to `target.coordinate` along the roads driven.
    public var geometry: [Coordinate]
    /// The edges driven, in order. The first and last are the origin's and
    /// the target's edges, driven in part, unless the snap point is the node
    /// itself; one entry when the route never leaves the edge they share.
    public var edges: [EdgeTraversal]
    public var origin: Snap
    public var target: Snap
}

/// A location's travel time to or from its nearest source, read from `NodeTimes`.
public struct NearestTime: Hashable, Sendable {
    public var seconds: Double
    /// Index of the source in the list `timesFromNearest` was given.
    public var source: Int
    public var snap: Snap
}
