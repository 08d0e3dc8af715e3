import Foundation
import GRDB
import Store

extension SpatiaLiteStore {
    /// One GRDB write transaction fed by a reader task: the source is read
    /// (async) while this file is written (on GRDB's writer), in step.
    public func load(
        _ contents: AsyncThrowingStream<StoreContentBatch, any Error>,
        progress: (@Sendable (CopyProgress) -> Void)?
    ) async throws -> TableCounts {
        let queue = BlockingBatchQueue<StoreContentBatch>()
        let feeder = queue.startFeeding(from: contents)
        defer {
            feeder.cancel()
            queue.close()
        }
        return try await guardedWrite { db in
            var counts: TableCounts = [:]
            var suspended: [String: SuspendedSpatialIndex] = [:]
            var merge = ReleaseMerge(location: location)
            while let batch = try queue.receive() {
                switch batch {
                case .facilities(let rows): try Self.insert(rows, db, &suspended)
                case .teams(let rows): try Self.insert(rows, db, &suspended)
                case .calls(let rows): try Self.insert(rows, db, &suspended)
                case .areas(let rows): try Self.insert(rows, db, &suspended)
                case .keys(let rows): try rows.forEach { try SpatiaLiteKeys.insert($0, db, replacing: true) }
                case .audit(let rows): try SpatiaLiteKeys.append(rows, db)
                case .roads(let edges, let source): _ = try SpatiaLiteRoads.replace(edges, source: source, db)
                case .privacySettings(let settings): try SpatiaLiteReleases.load(settings, db, &merge)
                case .releases(let rows): try SpatiaLiteReleases.load(rows, db, &merge)
                case .releaseCounts(let node, let rows): try SpatiaLiteReleases.load(rows, node: node, db, merge)
                }
                counts[batch.table, default: 0] += batch.count
                progress?(CopyProgress(table: batch.table, done: counts[batch.table] ?? 0, total: 0))
            }
            for index in suspended.values { try index.rebuild(db) }
            return counts
        }
    }

    /// A copy is a bulk load: the table's spatial index is rebuilt once at the end.
    private static func insert<Record: SpatiaLiteMapping>(
        _ rows: [Record], _ db: Database, _ suspended: inout [String: SuspendedSpatialIndex]
    ) throws {
        if suspended[Record.table] == nil {
            suspended[Record.table] = try SuspendedSpatialIndex(db, table: Record.table)
        }
        let binder = RecordBinder<Record>(try db.cachedStatement(sql: Record.upsertSQL), db)
        for (index, record) in rows.enumerated() {
            if let (field, reason) = try record.rejection(in: db) {
                throw StoreError.invalidRecord(index: index, field: field, reason: reason)
            }
            try binder.upsert(record)
        }
    }
}
