import GeoCore

/// Which way a road may be driven, relative to its geometry.
public enum RoadDirection: String, Sendable, Codable {
    /// Both ways.
    case both
    /// Only from the first point of the geometry to the last (one-way streets,
    /// roundabouts; `oneway=-1` ways are stored reversed so they read forward).
    case forward
}

/// One drivable stretch of road between two junctions (or a junction and a
/// dead end), as imported from OpenStreetMap: the graph's edge.
public struct RoadEdge: Hashable, Sendable {
    /// Sequential within one import.
    public var id: Int64
    /// The OpenStreetMap node ids of the first and last point: the graph's nodes.
    public var from: Int64
    public var to: Int64
    /// From `from` to `to`, at least two points, WGS84.
    public var geometry: [Coordinate]
    /// Geodesic length along the geometry (WGS84 ellipsoid), metres.
    public var lengthMetres: Double
    /// From `maxspeed`, else the documented default for the highway class.
    public var speedKmh: Double
    public var direction: RoadDirection
    /// The OpenStreetMap `highway` class (`residential`, `primary`, ...).
    public var highway: String
    public var name: String?
    public var osmWayID: Int64

    public init(
        id: Int64, from: Int64, to: Int64, geometry: [Coordinate], lengthMetres: Double, speedKmh: Double,
        direction: RoadDirection, highway: String, name: String? = nil, osmWayID: Int64
    ) {
        self.id = id
        self.from = from
        self.to = to
        self.geometry = geometry
        self.lengthMetres = lengthMetres
        self.speedKmh = speedKmh
        self.direction = direction
        self.highway = highway
        self.name = name
        self.osmWayID = osmWayID
    }

    /// Seconds to drive the whole edge: length over speed.
    public var travelTime: Double { lengthMetres / (speedKmh / 3.6) }
}
