import Foundation
import GeoCore
import GRDB
import Store

/// One kind's table in the SpatiaLite store.
struct SpatiaLiteTable<Record: SpatiaLiteMapping>: RecordStore {
    let store: SpatiaLiteStore

    /// From this many records on (and at least a quarter of the table), the
    /// spatial index is rebuilt once after the load instead of being
    /// maintained row by row: several times faster for large loads, while a
    /// few rows added to a large table do not pay for rebuilding all of it.
    static var bulkThreshold: Int { 5_000 }
    private static var progressInterval: Int { 25_000 }

    func upsert(
        _ batches: RecordBatches<Record>,
        expectedCount: Int?,
        progress: (@Sendable (StoreProgress) -> Void)?
    ) async throws -> UpsertCounts {
        let queue = BlockingBatchQueue<[Record]>()
        let feeder = queue.startFeeding(from: batches)
        defer {
            feeder.cancel()
            queue.close()
        }
        let total = expectedCount ?? 0
        return try await store.guardedWrite { db in
            let table = Record.table
            let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            // Small loads keep SpatiaLite's per-row index maintenance; once a
            // load is large against what the table holds, the index and
            // triggers are suspended and rebuilt in one pass at the end (rows
            // written before the switch are included in that rebuild).
            let bulkFrom = max(Self.bulkThreshold, before / 4)
            var suspended = (expectedCount ?? 0) >= bulkFrom ? try SuspendedSpatialIndex(db, table: table) : nil
            let binder = RecordBinder<Record>(try db.makeStatement(sql: Record.upsertSQL), db)
            var index = 0
            while let batch = try queue.receive() {
                if suspended == nil, index + batch.count >= bulkFrom {
                    suspended = try SuspendedSpatialIndex(db, table: table)
                }
                for record in batch {
                    if let (field, reason) = try record.rejection(in: db) {
                        throw StoreError.invalidRecord(index: index, field: field, reason: reason)
                    }
                    do {
                        try binder.upsert(record)
                    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                        throw StoreError.invalidRecord(index: index, field: "geometry", reason: error.message ?? "rejected")
                    }
                    index += 1
                    if let progress, index % Self.progressInterval == 0 {
                        progress(StoreProgress(phase: .writing, done: index, total: max(total, index)))
                    }
                }
            }
            if let suspended {
                progress?(StoreProgress(phase: .indexing, done: 0, total: index))
                try suspended.rebuild(db)
            }
            let after = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            return UpsertCounts(inserted: after - before, updated: index - (after - before))
        }
    }

    func record(id: String) async throws -> Record? {
        try await store.guardedRead { db in
            try Row.fetchOne(db, sql: "SELECT \(Record.selection) FROM \(Record.table) WHERE id = ?", arguments: [id])
                .map(Record.init(row:))
        }
    }

    func page(after afterID: String?, limit: Int) async throws -> [Record] {
        try await store.guardedRead { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT \(Record.selection) FROM \(Record.table) WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [afterID ?? "", limit])
            return try rows.map(Record.init(row:))
        }
    }

    func count() async throws -> Int {
        try await store.guardedRead { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(Record.table)") ?? 0 }
    }

    func delete(id: String) async throws -> Bool {
        try await store.guardedWrite { db in
            try db.execute(sql: "DELETE FROM \(Record.table) WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    func records(in box: BoundingBox, limit: Int) async throws -> [Record] {
        let table = Record.table
        // The R*Tree where the table has one (teams' positions do not, see v5).
        let mbr = "MbrIntersects(geom, BuildMbr(?, ?, ?, ?, 4326))"
        let indexed = Schema.spatiallyIndexedTables.contains(table)
        let filter = indexed
            ? "rowid IN (SELECT pkid FROM idx_\(table)_geom WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?) AND \(mbr)"
            : mbr
        let corners: StatementArguments = [box.west, box.south, box.east, box.north]
        let bound: StatementArguments = (indexed ? [box.west, box.east, box.south, box.north] : []) + corners + [limit]
        return try await store.guardedRead { db in
            try Row.fetchAll(db, sql: "SELECT \(Record.selection) FROM \(table) WHERE \(filter) ORDER BY id LIMIT ?",
                             arguments: bound).map(Record.init(row:))
        }
    }
}

/// SpatiaLite's R*Tree answers boxes, not "nearest": growing boxes, then the exact re-rank.
extension SpatiaLiteTable: NearestRecordStore where Record: LocatedRecord {
    func nearest(to point: Coordinate, limit: Int) async throws -> [Nearby<Record>] {
        try await nearestByGrowingBoxes(to: point, limit: limit)
    }
}

/// SpatiaLite's R*Tree index on a table's `geom` column, switched off for
/// a bulk load and rebuilt in one pass afterwards.
///
/// SpatiaLite keeps its index and statistics current with per-row triggers:
/// an R*Tree insert, a geometry-type check and an UPDATE of
/// `geometry_columns_time` with a formatted timestamp, for every row. For a
/// bulk load all of them are dropped (the rows are built with MakePoint or
/// CastToMultiPolygon in SRID 4326, so the type checks hold by construction),
/// and SpatiaLite's own DDL, saved from `sqlite_master`, is replayed verbatim
/// afterwards, so the table ends up exactly as SpatiaLite made it.
struct SuspendedSpatialIndex {
    let table: String
    let index: String
    /// SpatiaLite's DDL for the R*Tree, or nil for a table without one (teams).
    private let indexSQL: String?
    private let triggerSQL: [String]
    private let secondaryIndexSQL: [String]

    /// Drops the table's SpatiaLite triggers (inside the caller's transaction).
    init(_ db: Database, table: String) throws {
        self.table = table
        index = "idx_\(table)_geom"
        indexSQL = try String.fetchOne(
            db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [index])
        let triggers = try Row.fetchAll(
            db,
            sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
            arguments: [table])
        triggerSQL = triggers.map { $0["sql"] }
        for trigger in triggers {
            try db.execute(sql: "DROP TRIGGER \"\(trigger["name"] as String)\"")
        }
        // Secondary indexes are rebuilt by one sort afterwards rather than
        // updated per row; the unique id index stays, as upserts need it.
        let indexes = try Row.fetchAll(
            db,
            sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            arguments: [table])
        secondaryIndexSQL = indexes.map { $0["sql"] }
        for index in indexes {
            try db.execute(sql: "DROP INDEX \"\(index["name"] as String)\"")
        }
    }

    /// Recreates the index over every row and restores the triggers.
    func rebuild(_ db: Database) throws {
        if let indexSQL {
            try rebuildIndex(db, sql: indexSQL)
        }
        for sql in triggerSQL + secondaryIndexSQL { try db.execute(sql: sql) }
    }

    private func rebuildIndex(_ db: Database, sql indexSQL: String) throws {
        try db.execute(sql: "DROP TABLE \"\(index)\"")
        try db.execute(sql: indexSQL)
        // rowid is what SpatiaLite keys the R*Tree on, whatever the table
        // names its integer primary key (pk here, the OSM id for roads).
        // SQLite sorts by x centre (spilling to temporary files past its
        // cache), so the loader never holds the whole table.
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(table)\" WHERE geom IS NOT NULL") ?? 0
        let entries = try Row.fetchCursor(
            db,
            sql: """
                SELECT rowid, MbrMinX(geom), MbrMaxX(geom), MbrMinY(geom), MbrMaxY(geom) FROM "\(table)"
                WHERE geom IS NOT NULL ORDER BY MbrMinX(geom) + MbrMaxX(geom)
                """
        ).map { row in
            RTreeBulkLoader.Entry(
                id: row[0],
                minX: RTreeBulkLoader.floatDown(row[1]), maxX: RTreeBulkLoader.floatUp(row[2]),
                minY: RTreeBulkLoader.floatDown(row[3]), maxY: RTreeBulkLoader.floatUp(row[4]))
        }
        try RTreeBulkLoader.load(db, index: index, count: count, sortedByX: entries)
    }
}
