import Foundation
import PostgresNIO
import Store

extension PostGISStore {
    /// The whole copy in one transaction: another server reading meanwhile
    /// sees the database as before until the last row is in.
    public func load(
        _ contents: AsyncThrowingStream<StoreContentBatch, any Error>,
        progress: (@Sendable (CopyProgress) -> Void)?
    ) async throws -> TableCounts {
        try await transaction(deadline: false) { [self] connection in
            var counts: TableCounts = [:]
            var merge = ReleaseMerge(location: location)
            for try await batch in contents {
                switch batch {
                case .facilities(let rows): try await copy(rows, on: connection)
                case .teams(let rows): try await copy(rows, on: connection)
                case .calls(let rows): try await copy(rows, on: connection)
                case .areas(let rows): try await copy(rows, on: connection)
                case .keys(let rows):
                    for key in rows { try await connection.query(try PostGISKeys.insertion(key, replacing: true), logger: logger) }
                    if !rows.isEmpty { try await notify(ChangeNotice(origin: origin, key: "*"), on: connection) }
                case .audit(let rows):
                    if !rows.isEmpty { try await PostGISKeys.append(rows, on: connection, store: self) }
                case .roads(let edges, let source):
                    _ = try await PostGISRoads.replace(edges, source: source, on: connection, store: self)
                case .privacySettings(let settings):
                    try await PostGISReleases.load(settings, &merge, on: connection, store: self)
                case .releases(let rows):
                    try await PostGISReleases.load(rows, &merge, on: connection, store: self)
                case .releaseCounts(let node, let rows):
                    if try merge.admitsCounts(of: node) { try await PostGISReleases.copy(rows, node: node, on: connection, store: self) }
                }
                counts[batch.table, default: 0] += batch.count
                progress?(CopyProgress(table: batch.table, done: counts[batch.table] ?? 0, total: 0))
            }
            return counts
        }
    }

    private func copy<Record: PostGISMapping>(_ rows: [Record], on connection: PostgresConnection) async throws {
        let (batches, continuation) = RecordBatches<Record>.makeStream()
        continuation.yield(rows)
        continuation.finish()
        _ = try await RecordCopier<Record>(store: self, connection: connection).upsert(batches, expectedCount: rows.count, progress: nil)
    }
}
