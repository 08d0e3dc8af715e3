import Foundation
import GeoCore

/// A record that sits at one point: what nearest queries rank.
public protocol LocatedRecord: StoredRecord {
    var location: Coordinate { get }
}

extension Facility: LocatedRecord {}
extension Team: LocatedRecord {}
extension CrisisCall: LocatedRecord {}

/// A record and its WGS84 geodesic distance from the query point, metres.
public struct Nearby<Record: Sendable & Hashable>: Sendable, Hashable {
    public var record: Record
    public var distance: Double

    public init(record: Record, distance: Double) {
        self.record = record
        self.distance = distance
    }
}

/// A record store that answers "which records are nearest to this point".
/// Every backend returns the same answer: candidates come from its spatial
/// index, the order from the exact WGS84 geodesic distance (ties by id).
public protocol NearestRecordStore<Record>: RecordStore where Record: LocatedRecord {
    /// The `limit` records nearest to `point`, nearest first.
    func nearest(to point: Coordinate, limit: Int) async throws -> [Nearby<Record>]
}

/// Exact ranking of candidates an index proposed, and the proof that they
/// hold the true nearest: every record within `coveredRadius` metres must be
/// among the candidates, so a `limit`-th distance inside it settles the answer.
public enum NearestRanking {
    /// The `limit` nearest candidates by geodesic distance, or nil when the
    /// candidates cannot be shown to contain them (the caller widens its search).
    public static func rank<Record: LocatedRecord>(
        _ candidates: [Record], from point: Coordinate, limit: Int, coveredRadius: Double, exhaustive: Bool
    ) -> [Nearby<Record>]? {
        var ranked = candidates.map { Nearby(record: $0, distance: Geodesic.wgs84.distance(from: point, to: $0.location)) }
        ranked.sort { ($0.distance, $0.record.id) < ($1.distance, $1.record.id) }
        let kept = Array(ranked.prefix(limit))
        if exhaustive { return kept }
        guard kept.count == limit, let last = kept.last, last.distance < coveredRadius else { return nil }
        return kept
    }

    /// A box holding every point within `radius` metres of `point` (and so
    /// no guarantee beyond it): degrees of latitude are never shorter than
    /// 110,574 m, degrees of longitude are measured at the box's poleward edge.
    public static func box(around point: Coordinate, radius: Double) -> BoundingBox? {
        let dLat = radius / 110_574 * 1.01
        let poleward = min(89.999, abs(point.latitude) + dLat)
        guard poleward < 89.9 else { return nil }
        let dLon = radius / (111_320 * cos(poleward * .pi / 180)) * 1.01
        guard dLon < 180 else { return nil }
        return BoundingBox(west: point.longitude - dLon, south: point.latitude - dLat,
                           east: point.longitude + dLon, north: point.latitude + dLat)
    }
}

extension RecordStore where Record: LocatedRecord {
    /// Nearest through `records(in:limit:)`: boxes four times wider each
    /// round until the `limit`-th candidate lies inside the searched circle,
    /// then the whole table. For backends without a nearest-neighbour index.
    public func nearestByGrowingBoxes(to point: Coordinate, limit: Int, firstRadius: Double = 2_000) async throws -> [Nearby<Record>] {
        guard limit > 0 else { return [] }
        var radius = firstRadius
        while let box = NearestRanking.box(around: point, radius: radius), box.west >= -180, box.east <= 180 {
            let candidates = try await records(in: box, limit: Int.max)
            if let ranked = NearestRanking.rank(candidates, from: point, limit: limit, coveredRadius: radius, exhaustive: false) {
                return ranked
            }
            radius *= 4
        }
        return NearestRanking.rank(try await all(), from: point, limit: limit, coveredRadius: .infinity, exhaustive: true) ?? []
    }
}
