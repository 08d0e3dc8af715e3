import Foundation
import GeoCore
import PostgresNIO
import Store

/// One kind's table in the PostGIS store.
struct PostGISTable<Record: PostGISMapping>: RecordStore {
    let store: PostGISStore

    func upsert(
        _ batches: RecordBatches<Record>,
        expectedCount: Int?,
        progress: (@Sendable (StoreProgress) -> Void)?
    ) async throws -> UpsertCounts {
        try await store.transaction(deadline: false) { [store] connection in
            try await RecordCopier<Record>(store: store, connection: connection)
                .upsert(batches, expectedCount: expectedCount, progress: progress)
        }
    }

    func record(id: String) async throws -> Record? {
        try await store.rows("SELECT \(unescaped: Record.selection) FROM \(unescaped: Record.table) WHERE id = \(id)") {
            try Record(row: $0)
        }.first
    }

    func records(ids: [String]) async throws -> [Record] {
        try await store.rows("""
            SELECT \(unescaped: Record.selection) FROM \(unescaped: Record.table)
            WHERE id = ANY(\(Array(Set(ids)))::text[]) ORDER BY id
            """) { try Record(row: $0) }
    }

    func page(after afterID: String?, limit: Int) async throws -> [Record] {
        try await store.rows("""
            SELECT \(unescaped: Record.selection) FROM \(unescaped: Record.table)
            WHERE id > \(afterID ?? "") ORDER BY id LIMIT \(limit)
            """, deadline: false) { try Record(row: $0) }
    }

    func count() async throws -> Int {
        try await store.rows("SELECT count(*) FROM \(unescaped: Record.table)") { try $0[0].decode(Int.self) }.first ?? 0
    }

    func delete(id: String) async throws -> Bool {
        let change = Record.changeKind.map { StoreChange(kind: $0, id: id, change: "delete") }
        return try await store.transaction { [store] connection in
            let deleted = try await connection.query(
                "DELETE FROM \(unescaped: Record.table) WHERE id = \(id) RETURNING 1", logger: store.logger).collect().count > 0
            if deleted, let change { try await store.notify(change, on: connection) }
            return deleted
        }
    }

    func records(in box: BoundingBox, limit: Int) async throws -> [Record] {
        var binds = PostgresBindings()
        binds.append(box.west)
        binds.append(box.south)
        binds.append(box.east)
        binds.append(box.north)
        binds.append(min(limit, Int(Int32.max)))
        let sql = "SELECT \(Record.selection) FROM \(Record.table) WHERE \(Record.boxCondition) ORDER BY id LIMIT $5"
        return try await store.rows(PostgresQuery(unsafeSQL: sql, binds: binds), deadline: false) { try Record(row: $0) }
    }
}

extension PostGISMapping {
    /// Which live-state kind a change to this table is, for servers that hold it in memory.
    static var changeKind: StoreChange.Kind? {
        switch table {
        case "teams": .team
        case "facilities": .facility
        default: nil
        }
    }
}
