import PostgresNIO

/// The PostGIS schema as versioned steps, the same data model as the
/// SpatiaLite file: points are `geometry(Point, 4326)` generated from
/// lat/lon and GiST-indexed (a sorted build: seconds for a million rows,
/// where geography's index has no sort support); nearest queries take
/// candidates from the index with `<->` and rank them by the exact WGS84
/// geodesic (see PostGISTable+Nearest.swift). Times are
/// seconds since 1970 in float8 so that both stores hold the same values,
/// lists and `extra` are the same JSON text.
enum PostGISSchema {
    static let table = "crisismap_migrations"

    /// (identifier, SQL), applied in order, each once.
    static let migrations: [(String, String)] = [
        ("v1-core-tables", """
            CREATE EXTENSION IF NOT EXISTS postgis;
            CREATE TABLE facilities (
                id text COLLATE "C" PRIMARY KEY,
                name text NOT NULL,
                kind text NOT NULL,
                lat float8 NOT NULL,
                lon float8 NOT NULL,
                address text,
                phone text,
                accepts text NOT NULL DEFAULT '[]',
                age_min integer,
                age_max integer,
                services text NOT NULL DEFAULT '[]',
                languages text NOT NULL DEFAULT '[]',
                payers text NOT NULL DEFAULT '[]',
                timezone text NOT NULL,
                hours text,
                beds_total integer,
                beds_available integer,
                availability_updated_at float8,
                extra text NOT NULL DEFAULT '{}',
                geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED
            );
            CREATE INDEX facilities_geom ON facilities USING gist (geom);
            CREATE INDEX facilities_kind ON facilities (kind);
            CREATE TABLE teams (
                id text COLLATE "C" PRIMARY KEY,
                call_sign text,
                model text NOT NULL,
                status text NOT NULL,
                lat float8 NOT NULL,
                lon float8 NOT NULL,
                fix_at float8 NOT NULL,
                status_at float8,
                skills text NOT NULL DEFAULT '[]',
                agency text,
                extra text NOT NULL DEFAULT '{}',
                geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED
            );
            CREATE INDEX teams_geom ON teams USING gist (geom);
            CREATE INDEX teams_status ON teams (status);
            CREATE TABLE calls (
                id text COLLATE "C" PRIMARY KEY,
                received_at float8 NOT NULL,
                category text NOT NULL,
                priority integer,
                disposition text,
                team_id text,
                facility_id text,
                lat float8 NOT NULL,
                lon float8 NOT NULL,
                extra text NOT NULL DEFAULT '{}',
                geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED
            );
            CREATE INDEX calls_geom ON calls USING gist (geom);
            CREATE INDEX calls_received_at ON calls (received_at);
            CREATE INDEX calls_category_received_at ON calls (category, received_at);
            CREATE TABLE areas (
                id text COLLATE "C" PRIMARY KEY,
                name text NOT NULL,
                kind text,
                population bigint NOT NULL,
                extra text NOT NULL DEFAULT '{}',
                geom geometry(MultiPolygon, 4326) NOT NULL
            );
            CREATE INDEX areas_geom ON areas USING gist (geom);
            """),
        ("v2-api-keys-and-audit", """
            CREATE TABLE api_keys (
                id text COLLATE "C" PRIMARY KEY,
                name text NOT NULL,
                role text NOT NULL,
                salt bytea NOT NULL,
                secret_hash bytea NOT NULL,
                created_at float8 NOT NULL,
                revoked_at float8,
                facility_id text,
                team_id text
            );
            CREATE TABLE audit (
                seq bigserial PRIMARY KEY,
                at float8 NOT NULL,
                key_id text,
                role text,
                method text NOT NULL,
                endpoint text NOT NULL,
                subject text,
                status integer NOT NULL,
                outcome text NOT NULL
            );
            CREATE INDEX audit_at ON audit (at, seq);
            """),
        ("v3-road-network", """
            CREATE TABLE road_edges (
                id bigint PRIMARY KEY,
                from_node bigint NOT NULL,
                to_node bigint NOT NULL,
                length_m float8 NOT NULL,
                speed_kmh float8 NOT NULL,
                direction text NOT NULL,
                highway text NOT NULL,
                name text,
                osm_way_id bigint NOT NULL,
                geom geometry(LineString, 4326) NOT NULL
            );
            CREATE INDEX road_edges_geom ON road_edges USING gist (geom);
            CREATE TABLE road_imports (
                id bigserial PRIMARY KEY,
                source text NOT NULL,
                imported_at float8 NOT NULL,
                node_count integer NOT NULL,
                edge_count integer NOT NULL,
                oneway_edge_count integer NOT NULL,
                total_length_m float8 NOT NULL
            );
            """),
        // One settings row (id 1), so a second writer's insert conflicts. No
        // foreign key from counts to releases: it would fire a trigger per
        // copied row, and `saveRelease` writes both in one transaction.
        ("v4-private-releases", """
            CREATE TABLE privacy_settings (
                id integer PRIMARY KEY CHECK (id = 1),
                secret bytea NOT NULL,
                epsilon float8 NOT NULL,
                timezone text,
                grid text,
                created_at float8 NOT NULL
            );
            CREATE TABLE releases (
                node text COLLATE "C" PRIMARY KEY,
                start_at float8 NOT NULL,
                end_at float8 NOT NULL,
                released_at float8 NOT NULL,
                parameters text NOT NULL
            );
            CREATE TABLE release_counts (
                node text COLLATE "C" NOT NULL,
                view text COLLATE "C" NOT NULL,
                unit text COLLATE "C" NOT NULL,
                bin integer NOT NULL,
                noisy bigint NOT NULL,
                PRIMARY KEY (node, view, unit, bin)
            );
            """),
        // As SpatiaLite's v9: live times stored from a wrong clock become unknown.
        ("v5-future-live-times", """
            UPDATE teams SET fix_at = 0 WHERE fix_at > extract(epoch FROM now()) + 120;
            UPDATE teams SET status_at = NULL WHERE status_at > extract(epoch FROM now()) + 120;
            UPDATE facilities SET availability_updated_at = NULL
                WHERE availability_updated_at > extract(epoch FROM now()) + 120;
            """),
        ("v6-audit-query", "ALTER TABLE audit ADD COLUMN query text;"),
        // As SpatiaLite's v11: timelines, current steps, one open call per team.
        ("v7-call-lifecycle", """
            CREATE TABLE call_events (
                seq bigserial PRIMARY KEY,
                call_id text COLLATE "C" NOT NULL,
                team_id text COLLATE "C",
                kind text NOT NULL,
                step text,
                at float8 NOT NULL,
                key_id text,
                facility_id text,
                reason text,
                disposition text,
                outcomes text
            );
            CREATE INDEX call_events_by_call ON call_events (call_id, seq);
            CREATE TABLE assignments (
                call_id text COLLATE "C" NOT NULL,
                team_id text COLLATE "C" NOT NULL,
                step text NOT NULL,
                PRIMARY KEY (call_id, team_id)
            );
            CREATE UNIQUE INDEX assignments_open_per_team ON assignments (team_id) WHERE step <> 'cleared';
            CREATE INDEX calls_undisposed ON calls (received_at) WHERE disposition IS NULL;
            ALTER TABLE calls ADD COLUMN assigned_at float8, ADD COLUMN en_route_at float8, ADD COLUMN on_scene_at float8,
                ADD COLUMN transport_at float8, ADD COLUMN at_facility_at float8, ADD COLUMN cleared_at float8;
            """),
    ]

    static var firstMigration: String { migrations[0].0 }
}
