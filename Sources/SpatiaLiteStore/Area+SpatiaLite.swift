import Foundation
import GeoCore
import GRDB
import Store

extension Area: SpatiaLiteMapping {
    static let table = "areas"
    static let columns = ["id", "name", "kind", "population", "extra"]
    /// Every area is stored as a MULTIPOLYGON; a one-part one reads back as a Polygon.
    static let geometrySQL = "CastToMultiPolygon(GeomFromWKB(?, 4326))"
    static let selection = "id, name, kind, population, extra, AsBinary(geom) AS wkb"

    var databaseValues: [(any DatabaseValueConvertible)?] {
        [id, name, kind?.rawValue, population, JSONColumn.encode(extra), geometry.wellKnownBinary]
    }

    init(row: Row) throws {
        let table = Self.table
        let kind: String? = row["kind"]
        let wkb: Data = row["wkb"]
        let geometry: Geometry
        do {
            geometry = try Geometry(wellKnownBinary: wkb).simplifiedMulti
        } catch {
            throw StoreError.database(location: table, message: "area \(row["id"] as String) has an unreadable geometry")
        }
        self.init(
            id: row["id"],
            name: row["name"],
            kind: try kind.map { try JSONColumn.enumValue($0, column: "kind", table: table) },
            population: row["population"],
            geometry: geometry,
            extra: try JSONColumn.extra(row["extra"], table: table)
        )
    }

    /// GEOS (through SpatiaLite) judges validity: self-intersections, bad
    /// rings and overlapping parts are refused with GEOS's own reason.
    func rejection(in db: Database) throws -> (field: String, reason: String)? {
        let row = try Row.fetchOne(
            db,
            sql: "SELECT g IS NULL AS missing, ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason FROM (SELECT GeomFromWKB(?, 4326) AS g)",
            arguments: [geometry.wellKnownBinary])
        guard let row else { return nil }
        if row["missing"] as Bool? ?? true {
            return ("geometry", "SpatiaLite could not read the polygon")
        }
        if (row["valid"] as Int?) == 1 { return nil }
        let reason: String = row["reason"] ?? "invalid polygon"
        return ("geometry", "invalid polygon: \(reason)")
    }
}
