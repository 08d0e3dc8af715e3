import Foundation
import GeoCore
import GRDB
import GRDBSQLite
import Store

/// The road network in the SpatiaLite file: `road_edges`, `road_nodes` and
/// the `road_imports` log (schema in Migrations+Roads.swift).
struct SpatiaLiteRoads: RoadStore {
    let store: SpatiaLiteStore

    private static let edgeSelection = """
        SELECT id, from_node, to_node, length_m, speed_kmh, direction, highway, name, osm_way_id, AsBinary(geom)
        FROM road_edges
        """

    func replaceRoads(_ edges: [RoadEdge], source: String) async throws -> RoadImportSummary {
        try await store.guardedWrite { db in try Self.replace(edges, source: source, db) }
    }

    static func replace(_ edges: [RoadEdge], source: String, _ db: Database) throws -> RoadImportSummary {
        // Through the stored value, so the summary returned now and the one
        // read back later compare equal.
        let stamp = Date().storedValue
        let importedAt = Date(storedValue: stamp)
        // Every row is replaced, so both R*Trees are rebuilt once at the
        // end instead of being updated per deleted and inserted row.
        let edgeIndex = try SuspendedSpatialIndex(db, table: "road_edges")
        let nodeIndex = try SuspendedSpatialIndex(db, table: "road_nodes")
        try db.execute(sql: "DELETE FROM road_edges; DELETE FROM road_nodes")
        var writer = try RoadEdgeWriter(db)
        for (index, edge) in edges.enumerated() {
            try writer.insert(edge, index: index)
        }
        try writer.insertNodes()
        try edgeIndex.rebuild(db)
        try nodeIndex.rebuild(db)
        try db.execute(
            sql: """
                INSERT INTO road_imports (source, imported_at, node_count, edge_count, oneway_edge_count, total_length_m)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [source, stamp, writer.nodes.count, edges.count, writer.oneWayCount, writer.totalLength])
        return RoadImportSummary(
            importID: db.lastInsertedRowID, source: source, importedAt: importedAt, nodeCount: writer.nodes.count,
            edgeCount: edges.count, oneWayEdgeCount: writer.oneWayCount, totalLengthMetres: writer.totalLength)
    }

    func roadEdges() async throws -> [RoadEdge] {
        try await store.guardedRead { db in
            try Self.edges(db, sql: Self.edgeSelection + " ORDER BY id", arguments: [])
        }
    }

    func roadEdges(in box: BoundingBox, limit: Int) async throws -> [RoadEdge] {
        let sql = Self.edgeSelection + """
             WHERE id IN (SELECT pkid FROM idx_road_edges_geom WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?)
            AND MbrIntersects(geom, BuildMbr(?, ?, ?, ?, 4326)) ORDER BY id LIMIT ?
            """
        let arguments: StatementArguments = [box.west, box.east, box.south, box.north,
                                             box.west, box.south, box.east, box.north, limit]
        return try await store.guardedRead { db in try Self.edges(db, sql: sql, arguments: arguments) }
    }

    func roadSummary() async throws -> RoadImportSummary? {
        try await store.guardedRead { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM road_imports ORDER BY id DESC LIMIT 1"),
                  (row["edge_count"] as Int) > 0 else { return nil }
            return RoadImportSummary(
                importID: row["id"], source: row["source"], importedAt: Date(storedValue: row["imported_at"]),
                nodeCount: row["node_count"], edgeCount: row["edge_count"], oneWayEdgeCount: row["oneway_edge_count"],
                totalLengthMetres: row["total_length_m"])
        }
    }

    /// Steps the statement through SQLite's C API and reads the geometry as
    /// WKB: at a few hundred thousand edges (a server start), GRDB row
    /// objects and geometry text would cost more than the query itself.
    private static func edges(_ db: Database, sql: String, arguments: StatementArguments) throws -> [RoadEdge] {
        let statement = try db.makeStatement(sql: sql)
        statement.setUncheckedArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var edges: [RoadEdge] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let id = sqlite3_column_int64(handle, 0)
            let directionText = text(handle, 5) ?? ""
            guard let direction = RoadDirection(rawValue: directionText) else {
                throw StoreError.database(location: "road_edges", message: "edge \(id) has unknown direction '\(directionText)'")
            }
            let geometry: [Coordinate]
            do {
                let bytes = UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, 9),
                                                   count: Int(sqlite3_column_bytes(handle, 9)))
                geometry = try LineStringWKB.decode(bytes)
            } catch {
                throw StoreError.database(location: "road_edges", message: "edge \(id) has an unreadable geometry")
            }
            edges.append(RoadEdge(
                id: id, from: sqlite3_column_int64(handle, 1), to: sqlite3_column_int64(handle, 2),
                geometry: geometry, lengthMetres: sqlite3_column_double(handle, 3),
                speedKmh: sqlite3_column_double(handle, 4), direction: direction, highway: text(handle, 6) ?? "",
                name: text(handle, 7), osmWayID: sqlite3_column_int64(handle, 8)))
        }
        return edges
    }

    private static func text(_ handle: OpaquePointer?, _ column: Int32) -> String? {
        sqlite3_column_text(handle, column).map { String(cString: $0) }
    }
}

extension SpatiaLiteStore {
    public var roads: any RoadStore { SpatiaLiteRoads(store: self) }
}
