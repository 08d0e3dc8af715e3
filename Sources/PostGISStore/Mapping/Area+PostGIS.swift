import Foundation
import GeoCore
import PostgresNIO
import Store

extension Area: PostGISMapping {
    static let table = "areas"
    static let columns = ["id", "name", "kind", "population", "extra", "geom"]
    static let selection = "id, name, kind, population, extra, ST_AsBinary(geom) AS wkb"
    /// Every area is stored as a MULTIPOLYGON; a one-part one reads back as a Polygon.
    static let mergeExpressions = ["id", "name", "kind", "population", "extra", "ST_Multi(geom)"]
    /// Staged as any geometry: a Polygon becomes a MultiPolygon on the way in.
    static let stageColumns = ["id", "name", "kind", "population", "extra", "geom::geometry AS geom"]
    static let boxCondition = "geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)"

    var copyFields: [String?] {
        [id, name, kind?.rawValue, CopyField.number(population), JSONColumn.encode(extra), CopyField.ewkbHex(geometry.wellKnownBinary)]
    }

    init(row: PostgresRandomAccessRow) throws {
        let table = Self.table
        let id = try row.value("id", as: String.self)
        let kind = try row.value("kind", as: String?.self)
        let geometry: Geometry
        do {
            geometry = try Geometry(wellKnownBinary: try row.value("wkb", as: Data.self)).simplifiedMulti
        } catch {
            throw StoreError.database(location: table, message: "area \(id) has an unreadable geometry")
        }
        self.init(
            id: id,
            name: try row.value("name"),
            kind: try kind.map { try JSONColumn.enumValue($0, column: "kind", table: table) },
            population: try row.value("population"),
            geometry: geometry,
            extra: try JSONColumn.extra(try row.value("extra"), table: table)
        )
    }
}
