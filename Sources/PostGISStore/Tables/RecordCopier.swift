import Foundation
import PostgresNIO
import Store

/// Streams records into a table inside the caller's transaction: COPY
/// (text format) into a temporary staging table, checks, then one
/// INSERT … ON CONFLICT into the real table. A large load drops the table's
/// secondary indexes first and rebuilds each once afterwards.
struct RecordCopier<Record: PostGISMapping> {
    let store: PostGISStore
    let connection: PostgresConnection

    /// From this many records on (and at least a quarter of the table), the
    /// secondary indexes are rebuilt instead of maintained row by row.
    static var bulkThreshold: Int { 5_000 }
    /// A live-state change notice per record up to this many; beyond, one "reload everything".
    static var noticeLimit: Int { 100 }

    private var stage: String { "crisismap_stage_\(Record.table)" }

    func upsert(
        _ batches: some AsyncSequence<[Record], any Error>,
        expectedCount: Int?,
        progress: (@Sendable (StoreProgress) -> Void)?
    ) async throws -> UpsertCounts {
        let table = Record.table
        let before = try await scalar("SELECT count(*) FROM \(table)")
        try await run("""
            CREATE TEMPORARY TABLE \(stage) ON COMMIT DROP AS
            SELECT 0::bigint AS seq, \(Record.stageColumns.joined(separator: ", ")) FROM \(table) WITH NO DATA
            """)
        let staged = try await copy(batches, expectedCount: expectedCount, progress: progress)
        if let (index, field, reason) = try await rejection() {
            throw StoreError.invalidRecord(index: index, field: field, reason: reason)
        }
        let bulk = staged.count >= max(Self.bulkThreshold, before / 4)
        let suspended = bulk ? try await dropSecondaryIndexes() : []
        if bulk { progress?(StoreProgress(phase: .indexing, done: 0, total: staged.count)) }
        try await merge(into: table, fresh: before == 0 && !staged.hasDuplicates)
        for sql in suspended { try await run(sql) }
        try await run("DROP TABLE \(stage)")
        let after = try await scalar("SELECT count(*) FROM \(table)")
        try await announce(staged.ids)
        return UpsertCounts(inserted: after - before, updated: staged.count - (after - before))
    }

    private struct Staged {
        var count = 0
        var hasDuplicates = false
        /// The ids, kept only while few enough to announce one by one.
        var ids: [String]? = []
    }

    private func copy(
        _ batches: some AsyncSequence<[Record], any Error>, expectedCount: Int?,
        progress: (@Sendable (StoreProgress) -> Void)?
    ) async throws -> Staged {
        var staged = Staged()
        var seen = Set<String>()
        var rows = CopyTextRows()
        try await connection.copyFrom(table: stage, columns: ["seq"] + Record.columns, logger: store.logger) { writer in
            for try await batch in batches {
                for record in batch {
                    if !seen.insert(record.id).inserted { staged.hasDuplicates = true }
                    rows.append(["\(staged.count)"] + record.copyFields)
                    staged.count += 1
                    if staged.count <= Self.noticeLimit { staged.ids?.append(record.id) } else { staged.ids = nil }
                    if rows.buffer.readableBytes >= 1 << 20 {
                        try await writer.write(rows.take())
                        progress?(StoreProgress(phase: .writing, done: staged.count, total: max(expectedCount ?? 0, staged.count)))
                    }
                }
            }
            if rows.rowCount > 0 { try await writer.write(rows.take()) }
        }
        return staged
    }

    /// What the database would refuse, found before anything is merged, so
    /// the message names the record's place in the input like SpatiaLite's.
    private func rejection() async throws -> (Int, String, String)? {
        // Points are made from checked coordinates; only polygons can be invalid.
        guard case .multiPolygon = Record.recordDescription.geometry else { return nil }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT seq, ST_IsValidReason(geom) FROM \(stage) WHERE NOT ST_IsValid(geom) ORDER BY seq LIMIT 1
            """), logger: store.logger).collect()
        guard let row = rows.first else { return nil }
        let (seq, reason) = try row.decode((Int, String).self)
        return (seq, "geometry", "invalid polygon: \(reason)")
    }

    private func merge(into table: String, fresh: Bool) async throws {
        let columns = Record.columns.joined(separator: ", ")
        let values = Record.mergeExpressions.joined(separator: ", ")
        if fresh {
            try await run("INSERT INTO \(table) (\(columns)) SELECT \(values) FROM \(stage) ORDER BY seq")
            return
        }
        let updates = Record.columns.filter { $0 != "id" }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        // The last of several records with one id wins, as in the file.
        try await run("""
            INSERT INTO \(table) (\(columns))
            SELECT \(values) FROM (SELECT DISTINCT ON (id) * FROM \(stage) ORDER BY id, seq DESC) AS latest
            ON CONFLICT (id) DO UPDATE SET \(updates)
            """)
    }

    /// Drops every index but the primary key; returns the SQL that recreates them.
    private func dropSecondaryIndexes() async throws -> [String] {
        let rows = try await connection.query("""
            SELECT indexname, indexdef FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename = \(Record.table) AND indexname <> \(Record.table + "_pkey")
            """, logger: store.logger).collect()
        var recreate: [String] = []
        for row in rows {
            let (name, definition) = try row.decode((String, String).self)
            try await run("DROP INDEX \(name)")
            recreate.append(definition)
        }
        return recreate
    }

    private func announce(_ ids: [String]?) async throws {
        guard let kind = Record.changeKind else { return }
        guard let ids else { return try await store.notify(.everything, on: connection) }
        for id in ids { try await store.notify(StoreChange(kind: kind, id: id, change: "upsert"), on: connection) }
    }

    private func run(_ sql: String) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: store.logger)
    }

    private func scalar(_ sql: String) async throws -> Int {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: store.logger).collect().first?.decode(Int.self) ?? 0
    }
}
