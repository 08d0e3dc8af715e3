import GeoCore

/// What every store checks and counts of a road network while replacing it,
/// edge by edge, so that a refused edge names its index in any backend.
public struct RoadNetworkTally: Sendable {
    public private(set) var nodes: [Int64: Coordinate] = [:]
    public private(set) var oneWayCount = 0
    public private(set) var totalLength = 0.0

    public init() {}

    /// Throws `StoreError.invalidRecord` for an edge no store may hold.
    public mutating func admit(_ edge: RoadEdge, index: Int) throws {
        if let (field, reason) = Self.rejection(of: edge) {
            throw StoreError.invalidRecord(index: index, field: field, reason: reason)
        }
        try place(edge.from, at: edge.geometry[0], field: "from", index: index)
        try place(edge.to, at: edge.geometry[edge.geometry.count - 1], field: "to", index: index)
        if edge.direction == .forward { oneWayCount += 1 }
        totalLength += edge.lengthMetres
    }

    /// A node id names one place: two edges ending at the same id in
    /// different places would join roads that do not meet.
    private mutating func place(_ node: Int64, at coordinate: Coordinate, field: String, index: Int) throws {
        if let known = nodes[node] {
            guard known == coordinate else {
                throw StoreError.invalidRecord(
                    index: index, field: field,
                    reason: "node \(node) is at \(coordinate.latitude), \(coordinate.longitude) here but at \(known.latitude), \(known.longitude) in an earlier edge")
            }
        } else {
            nodes[node] = coordinate
        }
    }

    private static func rejection(of edge: RoadEdge) -> (field: String, reason: String)? {
        guard edge.geometry.count >= 2 else {
            return ("geometry", "an edge needs at least two points, edge \(edge.id) has \(edge.geometry.count)")
        }
        if let bad = edge.geometry.first(where: { (try? Coordinate(latitude: $0.latitude, longitude: $0.longitude)) == nil }) {
            return ("geometry", "edge \(edge.id) has a point outside WGS84 range (\(bad.latitude), \(bad.longitude))")
        }
        guard edge.lengthMetres.isFinite, edge.lengthMetres >= 0 else {
            return ("length_m", "edge \(edge.id) has length \(edge.lengthMetres); it must be a finite number of metres, not negative")
        }
        guard edge.speedKmh.isFinite, edge.speedKmh > 0 else {
            return ("speed_kmh", "edge \(edge.id) has speed \(edge.speedKmh); it must be above zero")
        }
        return nil
    }
}
