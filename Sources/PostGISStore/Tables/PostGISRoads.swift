import Foundation
import GeoCore
import PostgresNIO
import Store

/// The road network in `road_edges` (LineString, GiST) and the `road_imports` log.
struct PostGISRoads: RoadStore {
    let store: PostGISStore

    private static let selection =
        "SELECT id, from_node, to_node, length_m, speed_kmh, direction, highway, name, osm_way_id, ST_AsBinary(geom) FROM road_edges"

    func replaceRoads(_ edges: [RoadEdge], source: String) async throws -> RoadImportSummary {
        try await store.transaction(deadline: false) { [store] connection in
            try await Self.replace(edges, source: source, on: connection, store: store)
        }
    }

    static func replace(_ edges: [RoadEdge], source: String, on connection: PostgresConnection, store: PostGISStore) async throws
        -> RoadImportSummary
    {
        var tally = RoadNetworkTally()
        for (index, edge) in edges.enumerated() { try tally.admit(edge, index: index) }
        var seen = Set<Int64>()
        if let index = edges.firstIndex(where: { !seen.insert($0.id).inserted }) {
            throw StoreError.invalidRecord(index: index, field: "id", reason: "edge id \(edges[index].id) appears twice")
        }
        try await connection.query("TRUNCATE road_edges", logger: store.logger)
        try await connection.query("DROP INDEX IF EXISTS road_edges_geom", logger: store.logger)
        var rows = CopyTextRows()
        try await connection.copyFrom(
            table: "road_edges",
            columns: ["id", "from_node", "to_node", "length_m", "speed_kmh", "direction", "highway", "name", "osm_way_id", "geom"],
            logger: store.logger
        ) { writer in
            for edge in edges {
                rows.append([
                    "\(edge.id)", "\(edge.from)", "\(edge.to)", CopyField.number(edge.lengthMetres), CopyField.number(edge.speedKmh),
                    edge.direction.rawValue, edge.highway, edge.name, "\(edge.osmWayID)",
                    CopyField.ewkbHex(LineStringWKB.encode(edge.geometry)),
                ])
                if rows.buffer.readableBytes >= 1 << 20 { try await writer.write(rows.take()) }
            }
            if rows.rowCount > 0 { try await writer.write(rows.take()) }
        }
        try await connection.query("CREATE INDEX road_edges_geom ON road_edges USING gist (geom)", logger: store.logger)
        let importedAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970)
        let id = try await connection.query("""
            INSERT INTO road_imports (source, imported_at, node_count, edge_count, oneway_edge_count, total_length_m)
            VALUES (\(source), \(importedAt.timeIntervalSince1970), \(tally.nodes.count), \(edges.count), \(tally.oneWayCount),
                    \(tally.totalLength))
            RETURNING id
            """, logger: store.logger).collect().first?.decode(Int64.self) ?? 0
        return RoadImportSummary(
            importID: id, source: source, importedAt: importedAt, nodeCount: tally.nodes.count, edgeCount: edges.count,
            oneWayEdgeCount: tally.oneWayCount, totalLengthMetres: tally.totalLength)
    }

    func roadEdges() async throws -> [RoadEdge] {
        try await edges(PostgresQuery(unsafeSQL: Self.selection + " ORDER BY id"))
    }

    func roadEdges(in box: BoundingBox, limit: Int) async throws -> [RoadEdge] {
        try await edges("""
            \(unescaped: Self.selection) WHERE geom && ST_MakeEnvelope(\(box.west), \(box.south), \(box.east), \(box.north), 4326)
            ORDER BY id LIMIT \(min(limit, Int(Int32.max)))
            """)
    }

    func roadSummary() async throws -> RoadImportSummary? {
        try await store.rows("SELECT * FROM road_imports ORDER BY id DESC LIMIT 1") { row -> RoadImportSummary? in
            guard try row.value("edge_count", as: Int.self) > 0 else { return nil }
            return RoadImportSummary(
                importID: try row.value("id"), source: try row.value("source"),
                importedAt: Date(timeIntervalSince1970: try row.value("imported_at")), nodeCount: try row.value("node_count"),
                edgeCount: try row.value("edge_count"), oneWayEdgeCount: try row.value("oneway_edge_count"),
                totalLengthMetres: try row.value("total_length_m"))
        }.first ?? nil
    }

    private func edges(_ query: PostgresQuery) async throws -> [RoadEdge] {
        try await store.rows(query, deadline: false) { row in
            let id = try row[0].decode(Int64.self)
            let directionText = try row[5].decode(String.self)
            guard let direction = RoadDirection(rawValue: directionText) else {
                throw StoreError.database(location: "road_edges", message: "edge \(id) has unknown direction '\(directionText)'")
            }
            let geometry: [Coordinate]
            do { geometry = try LineStringWKB.decode(try row[9].decode(Data.self)) } catch {
                throw StoreError.database(location: "road_edges", message: "edge \(id) has an unreadable geometry")
            }
            return RoadEdge(
                id: id, from: try row[1].decode(Int64.self), to: try row[2].decode(Int64.self), geometry: geometry,
                lengthMetres: try row[3].decode(Double.self), speedKmh: try row[4].decode(Double.self), direction: direction,
                highway: try row[6].decode(String.self), name: try row[7].decode(String?.self), osmWayID: try row[8].decode(Int64.self))
        }
    }
}
