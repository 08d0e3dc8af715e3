import GRDB
import Store

/// The store's schema, as an ordered list of migrations. A file made by an
/// older crisismap is brought up to date when opened; identifiers are
/// permanent once released.
enum Schema {
    static let firstMigration = "v1-core-tables"
    /// Tables whose geometry has an R*Tree (teams' positions do not: see v5).
    static let spatiallyIndexedTables = ["facilities", "calls", "areas", "road_nodes", "road_edges"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(firstMigration) { db in
            // Transaction flag 0: GRDB already runs the migration in one, and
            // 'WGS84' loads only the reference systems the store uses.
            try db.execute(sql: "SELECT InitSpatialMetadata(0, 'WGS84')")
            try createFacilities(db)
            try createTeams(db)
            try createCalls(db)
            try createAreas(db)
        }
        migrator.registerMigration("v2-query-indexes") { db in
            try db.execute(sql: """
                CREATE INDEX calls_received_at ON calls(received_at);
                CREATE INDEX calls_category_received_at ON calls(category, received_at);
                CREATE INDEX teams_status ON teams(status);
                CREATE INDEX facilities_kind ON facilities(kind);
                """)
        }
        migrator.registerMigration("v3-status-time") { db in
            // When the current status was set, so out-of-order status
            // updates can be told apart from new ones.
            try db.execute(sql: "ALTER TABLE teams ADD COLUMN status_at REAL")
        }
        migrator.registerMigration("v4-no-timestamp-triggers") { db in
            // SpatiaLite stamps geometry_columns_time on every insert, update
            // and delete through per-row triggers. Nothing reads those stamps,
            // and they were a quarter of the cost of a live position update.
            for table in ["facilities", "teams", "calls", "areas"] {
                for kind in ["tmi", "tmu", "tmd"] {
                    try db.execute(sql: "DROP TRIGGER IF EXISTS \"\(kind)_\(table)_geom\"")
                }
            }
        }
        migrator.registerMigration("v5-team-positions-unindexed") { db in
            // Team positions are a feed: thousands of updates a second, each
            // an R*Tree delete and insert (and a geometry-type check) in
            // SpatiaLite. Nothing queries that index (the dispatch engine
            // keeps its own in-memory index of team positions), and it held
            // the sustained update rate to ~9,000/s. The geometry column stays.
            try db.execute(sql: "SELECT DisableSpatialIndex('teams', 'geom')")
            try db.execute(sql: "DROP TABLE IF EXISTS idx_teams_geom")
            try db.execute(sql: "DROP TRIGGER IF EXISTS ggu_teams_geom")
        }
        migrator.registerMigration("v6-api-keys-and-audit") { db in
            try db.execute(sql: """
                CREATE TABLE api_keys (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    salt BLOB NOT NULL,
                    secret_hash BLOB NOT NULL,
                    created_at REAL NOT NULL,
                    revoked_at REAL,
                    facility_id TEXT,
                    team_id TEXT
                );
                CREATE TABLE audit (
                    seq INTEGER PRIMARY KEY,
                    at REAL NOT NULL,
                    key_id TEXT,
                    role TEXT,
                    method TEXT NOT NULL,
                    endpoint TEXT NOT NULL,
                    subject TEXT,
                    status INTEGER NOT NULL,
                    outcome TEXT NOT NULL
                );
                CREATE INDEX audit_at ON audit(at);
                """)
        }
        migrator.registerMigration("v7-road-network") { db in
            try createRoadNetwork(db)
        }
        migrator.registerMigration("v8-private-releases") { db in
            // One settings row (id 1), so that a second writer's insert
            // conflicts instead of adding a rival secret. Counts are
            // WITHOUT ROWID: the key is the row, and a release writes ~500,000.
            try db.execute(sql: """
                CREATE TABLE privacy_settings (
                    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
                    secret BLOB NOT NULL,
                    epsilon REAL NOT NULL,
                    timezone TEXT,
                    grid TEXT,
                    created_at REAL NOT NULL
                );
                CREATE TABLE releases (
                    node TEXT PRIMARY KEY NOT NULL,
                    start_at REAL NOT NULL,
                    end_at REAL NOT NULL,
                    released_at REAL NOT NULL,
                    parameters TEXT NOT NULL
                );
                CREATE TABLE release_counts (
                    node TEXT NOT NULL,
                    view TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    bin INTEGER NOT NULL,
                    noisy INTEGER NOT NULL,
                    PRIMARY KEY (node, view, unit, bin)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v9-future-live-times") { db in
            try db.execute(sql: futureLiveTimesRepair)
        }
        migrator.registerMigration("v10-audit-query") { db in
            try db.execute(sql: "ALTER TABLE audit ADD COLUMN query TEXT")
        }
        migrator.registerMigration("v11-call-lifecycle") { db in
            try db.execute(sql: callLifecycle)
        }
        return migrator
    }

    /// The call's team's measured times (`calls.*_at`), each call's
    /// timeline (`call_events`, append-only), each team's current step per
    /// call (`assignments`), at most one open call per team
    /// (the unique index is what refuses a second assignment), and the open
    /// calls found without reading history that was imported closed.
    static let callLifecycle = """
        CREATE TABLE call_events (
            seq INTEGER PRIMARY KEY,
            call_id TEXT NOT NULL,
            team_id TEXT,
            kind TEXT NOT NULL,
            step TEXT,
            at REAL NOT NULL,
            key_id TEXT,
            facility_id TEXT,
            reason TEXT,
            disposition TEXT,
            outcomes TEXT
        );
        CREATE INDEX call_events_by_call ON call_events (call_id, seq);
        CREATE TABLE assignments (
            call_id TEXT NOT NULL,
            team_id TEXT NOT NULL,
            step TEXT NOT NULL,
            PRIMARY KEY (call_id, team_id)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX assignments_open_per_team ON assignments (team_id) WHERE step <> 'cleared';
        CREATE INDEX calls_undisposed ON calls (received_at) WHERE disposition IS NULL;
        ALTER TABLE calls ADD COLUMN assigned_at REAL;
        ALTER TABLE calls ADD COLUMN en_route_at REAL;
        ALTER TABLE calls ADD COLUMN on_scene_at REAL;
        ALTER TABLE calls ADD COLUMN transport_at REAL;
        ALTER TABLE calls ADD COLUMN at_facility_at REAL;
        ALTER TABLE calls ADD COLUMN cleared_at REAL;
        """

    /// Adds the SRID 4326 geometry column and its R*Tree index.
    static func addGeometry(_ db: Database, table: String, type: String) throws {
        try db.execute(sql: "SELECT AddGeometryColumn(?, 'geom', 4326, ?, 'XY', 1)", arguments: [table, type])
        try db.execute(sql: "SELECT CreateSpatialIndex(?, 'geom')", arguments: [table])
    }

    private static func createFacilities(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE facilities (
                pk INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                lat REAL NOT NULL,
                lon REAL NOT NULL,
                address TEXT,
                phone TEXT,
                accepts TEXT NOT NULL DEFAULT '[]',
                age_min INTEGER,
                age_max INTEGER,
                services TEXT NOT NULL DEFAULT '[]',
                languages TEXT NOT NULL DEFAULT '[]',
                payers TEXT NOT NULL DEFAULT '[]',
                timezone TEXT NOT NULL,
                hours TEXT,
                beds_total INTEGER,
                beds_available INTEGER,
                availability_updated_at REAL,
                extra TEXT NOT NULL DEFAULT '{}'
            )
            """)
        try addGeometry(db, table: "facilities", type: "POINT")
    }

    private static func createTeams(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE teams (
                pk INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                call_sign TEXT,
                model TEXT NOT NULL,
                status TEXT NOT NULL,
                lat REAL NOT NULL,
                lon REAL NOT NULL,
                fix_at REAL NOT NULL,
                skills TEXT NOT NULL DEFAULT '[]',
                agency TEXT,
                extra TEXT NOT NULL DEFAULT '{}'
            )
            """)
        try addGeometry(db, table: "teams", type: "POINT")
    }

    private static func createCalls(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE calls (
                pk INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                received_at REAL NOT NULL,
                category TEXT NOT NULL,
                priority INTEGER,
                disposition TEXT,
                team_id TEXT,
                facility_id TEXT,
                lat REAL NOT NULL,
                lon REAL NOT NULL,
                extra TEXT NOT NULL DEFAULT '{}'
            )
            """)
        try addGeometry(db, table: "calls", type: "POINT")
    }

    /// Before live times were checked against the clock, a device with a wrong
    /// clock could store a fix years ahead: it never went stale and beat every
    /// real fix. Such times (more than the default skew ahead of the clock
    /// at migration) become unknown: fix_at the epoch, so the position is stale
    /// at once and the next real fix replaces it; status and bed times NULL,
    /// which any update replaces. Call times are left for `crisismap check`.
    static let futureLiveTimesRepair = """
        UPDATE teams SET fix_at = 0 WHERE fix_at > CAST(strftime('%s', 'now') AS REAL) + 120;
        UPDATE teams SET status_at = NULL WHERE status_at > CAST(strftime('%s', 'now') AS REAL) + 120;
        UPDATE facilities SET availability_updated_at = NULL
            WHERE availability_updated_at > CAST(strftime('%s', 'now') AS REAL) + 120;
        """

    private static func createAreas(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE areas (
                pk INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                kind TEXT,
                population INTEGER NOT NULL,
                extra TEXT NOT NULL DEFAULT '{}'
            )
            """)
        try addGeometry(db, table: "areas", type: "MULTIPOLYGON")
    }
}
