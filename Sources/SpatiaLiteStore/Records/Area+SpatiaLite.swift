import GRDB
import Store

extension Area: SpatiaLiteMapping {
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
