import GeoCore
import GRDB
import GRDBSQLite
import Store

/// Checks and inserts edges one by one inside the replacing transaction, and
/// gathers their end nodes, so that a refused edge rolls back the whole import.
///
/// Values are bound through SQLite's C API: at a million edges, building
/// GRDB's argument arrays cost more than SQLite's own work.
struct RoadEdgeWriter {
    private let connection: OpaquePointer?
    private let insertEdge: Statement
    private let insertNode: Statement
    private var tally = RoadNetworkTally()
    var nodes: [Int64: Coordinate] { tally.nodes }
    var oneWayCount: Int { tally.oneWayCount }
    var totalLength: Double { tally.totalLength }

    /// SQLITE_TRANSIENT, which Swift does not import: SQLite copies the value.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    init(_ db: Database) throws {
        connection = db.sqliteConnection
        insertEdge = try db.makeStatement(sql: """
            INSERT INTO road_edges (id, from_node, to_node, length_m, speed_kmh, direction, highway, name, osm_way_id, geom)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, GeomFromWKB(?, 4326))
            """)
        insertNode = try db.makeStatement(sql: "INSERT INTO road_nodes (id, geom) VALUES (?, MakePoint(?, ?, 4326))")
    }

    mutating func insert(_ edge: RoadEdge, index: Int) throws {
        try tally.admit(edge, index: index)
        let handle = insertEdge.sqliteStatement
        sqlite3_bind_int64(handle, 1, edge.id)
        sqlite3_bind_int64(handle, 2, edge.from)
        sqlite3_bind_int64(handle, 3, edge.to)
        sqlite3_bind_double(handle, 4, edge.lengthMetres)
        sqlite3_bind_double(handle, 5, edge.speedKmh)
        sqlite3_bind_text(handle, 6, edge.direction.rawValue, -1, Self.transient)
        sqlite3_bind_text(handle, 7, edge.highway, -1, Self.transient)
        if let name = edge.name {
            sqlite3_bind_text(handle, 8, name, -1, Self.transient)
        } else {
            sqlite3_bind_null(handle, 8)
        }
        sqlite3_bind_int64(handle, 9, edge.osmWayID)
        LineStringWKB.encode(edge.geometry).withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, 10, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
        let code = try step(handle)
        if code == ResultCode.SQLITE_CONSTRAINT_PRIMARYKEY.rawValue {
            throw StoreError.invalidRecord(index: index, field: "id", reason: "edge id \(edge.id) appears twice")
        } else if code != SQLITE_DONE {
            throw StoreError.invalidRecord(index: index, field: "geometry", reason: String(cString: sqlite3_errmsg(connection)))
        }
    }

    /// In id order: appending to the primary-key B-tree touches one page at
    /// a time, where hash order would touch them all at random.
    func insertNodes() throws {
        let handle = insertNode.sqliteStatement
        for id in nodes.keys.sorted() {
            let coordinate = nodes[id]!
            sqlite3_bind_int64(handle, 1, id)
            sqlite3_bind_double(handle, 2, coordinate.longitude)
            sqlite3_bind_double(handle, 3, coordinate.latitude)
            guard try step(handle) == SQLITE_DONE else {
                throw DatabaseError(resultCode: .SQLITE_CONSTRAINT, message: String(cString: sqlite3_errmsg(connection)))
            }
        }
    }

    /// Runs the bound statement once; returns SQLITE_DONE or a constraint
    /// failure for the caller to word, throws anything else.
    private func step(_ handle: OpaquePointer?) throws -> Int32 {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE || code & 0xFF == SQLITE_CONSTRAINT else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
        }
        return code
    }
}
