import Foundation
import GeoCore

/// A record's `geom` column: always SRID 4326.
public enum RecordGeometry<Record>: Sendable {
    /// A point built from the record's `lat` and `lon` columns (SpatiaLite
    /// binds it with MakePoint, PostGIS generates it from the two columns).
    case point(@Sendable (Record) -> Coordinate)
    /// Polygons stored as MULTIPOLYGON; a one-part one reads back as a Polygon.
    case multiPolygon(@Sendable (Record) -> Geometry)

    /// The OGC type name both backends register the column with.
    public var typeName: String {
        switch self {
        case .point: "POINT"
        case .multiPolygon: "MULTIPOLYGON"
        }
    }
}
