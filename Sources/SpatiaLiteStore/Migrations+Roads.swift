import GRDB
import Store

extension Schema {
    /// The road network (v7): edges between junctions with their geometry,
    /// the junction nodes, and one row per import so a server can notice
    /// that the roads were replaced.
    ///
    /// Node and edge ids are the table's INTEGER PRIMARY KEY, so SQLite's
    /// rowid is the OpenStreetMap node id (or edge id) itself and the
    /// R*Tree needs no separate key.
    static func createRoadNetwork(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE road_nodes (
                id INTEGER PRIMARY KEY NOT NULL
            );
            CREATE TABLE road_edges (
                id INTEGER PRIMARY KEY NOT NULL,
                from_node INTEGER NOT NULL,
                to_node INTEGER NOT NULL,
                length_m REAL NOT NULL,
                speed_kmh REAL NOT NULL,
                direction TEXT NOT NULL,
                highway TEXT NOT NULL,
                name TEXT,
                osm_way_id INTEGER NOT NULL
            );
            CREATE TABLE road_imports (
                id INTEGER PRIMARY KEY,
                source TEXT NOT NULL,
                imported_at REAL NOT NULL,
                node_count INTEGER NOT NULL,
                edge_count INTEGER NOT NULL,
                oneway_edge_count INTEGER NOT NULL,
                total_length_m REAL NOT NULL
            );
            """)
        try addGeometry(db, table: "road_nodes", type: "POINT")
        try addGeometry(db, table: "road_edges", type: "LINESTRING")
        // As v4 did for the first tables: nothing reads SpatiaLite's
        // per-row timestamps, and a road import writes every row.
        for table in ["road_nodes", "road_edges"] {
            for kind in ["tmi", "tmu", "tmd"] {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \"\(kind)_\(table)_geom\"")
            }
        }
    }
}
