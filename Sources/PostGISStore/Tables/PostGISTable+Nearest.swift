import Foundation
import GeoCore
import PostgresNIO
import Store

/// Nearest through the GiST index's `<->` ordering (planar degrees), then
/// the exact WGS84 geodesic re-rank. The index hands out candidates in
/// order of planar distance; once the last one handed out is D degrees
/// away, every record within `coveredRadius(D)` metres has been seen, so a
/// `limit`-th geodesic distance inside that radius proves the answer.
extension PostGISTable: NearestRecordStore where Record: PostGISPointMapping {
    func nearest(to point: Coordinate, limit: Int) async throws -> [Nearby<Record>] {
        guard limit > 0 else { return [] }
        var fetch = max(limit * 2, limit + 16)
        while true {
            let query: PostgresQuery = """
                SELECT \(unescaped: Record.selection),
                       geom <-> ST_SetSRID(ST_MakePoint(\(point.longitude), \(point.latitude)), 4326) AS planar
                FROM \(unescaped: Record.table)
                ORDER BY geom <-> ST_SetSRID(ST_MakePoint(\(point.longitude), \(point.latitude)), 4326)
                LIMIT \(fetch)
                """
            let rows = try await store.rows(query) { row in (try Record(row: row), try row.value("planar", as: Double.self)) }
            let exhaustive = rows.count < fetch
            let radius = Self.coveredRadius(planarDegrees: rows.last?.1 ?? 0, around: point)
            if let ranked = NearestRanking.rank(rows.map(\.0), from: point, limit: limit, coveredRadius: radius, exhaustive: exhaustive) {
                return ranked
            }
            fetch *= 4
        }
    }

    /// Every point within this many metres of `point` is within `degrees`
    /// of it in the lon/lat plane. Along any path inside the latitude band
    /// |φ| ≤ φmax, a metre moves at most 1/k degrees in that plane, where
    /// k = 110,574 m × cos φmax is below both a degree of latitude (at least
    /// 110,574 m) and a degree of longitude (at least 111,319 m × cos φ);
    /// so a geodesic of R metres ends within R/k degrees, and it cannot leave
    /// the band, since it climbs at most R/110,574 ≤ `degrees` of latitude.
    /// The 1% keeps rounding on the safe side.
    static func coveredRadius(planarDegrees degrees: Double, around point: Coordinate) -> Double {
        let poleward = min(89.9, abs(point.latitude) + degrees)
        return degrees * 110_574 * cos(poleward * .pi / 180) / 1.01
    }
}
