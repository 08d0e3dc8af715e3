import Foundation
import PostgresNIO
import Store

/// Private releases in the shared database: `privacy_settings` (one row),
/// `releases` and `release_counts` (schema v4). Servers sharing the database
/// race to make the same release; the primary key of `releases` decides.
struct PostGISReleases: ReleaseArchive {
    let store: PostGISStore

    private static let settingsSelection = "SELECT secret, epsilon, timezone, grid, created_at FROM privacy_settings WHERE id = 1"
    private static let releaseSelection = "SELECT node, start_at, end_at, released_at, parameters FROM releases"
    private static let countColumns = ["node", "view", "unit", "bin", "noisy"]

    func privacySettings() async throws -> PrivacySettings? {
        try await connected { [store] connection in try await Self.settings(on: connection, store: store) }
    }

    /// Two statements, not one: under READ COMMITTED the read after a
    /// conflicting insert sees the row the other server committed.
    func initPrivacySettings(_ settings: PrivacySettings) async throws -> PrivacySettings {
        try await store.transaction { [store] connection in
            try await Self.write(settings, replacing: false, on: connection, store: store)
            guard let stored = try await Self.settings(on: connection, store: store) else {
                throw StoreError.database(location: store.location, message: "the privacy settings just written cannot be read back")
            }
            return stored
        }
    }

    func updatePrivacySettings(timeZone: String?, grid: String?) async throws {
        let updated = try await store.rows("UPDATE privacy_settings SET timezone = \(timeZone), grid = \(grid) WHERE id = 1 RETURNING 1") { _ in 1 }
        if updated.isEmpty {
            throw StoreError.database(location: store.location, message: "the store has no privacy settings to update")
        }
    }

    func releases() async throws -> [ReleaseRecord] {
        try await connected { [store] connection in
            try await Self.releases(PostgresQuery(unsafeSQL: Self.releaseSelection + " ORDER BY start_at, node"), on: connection, store: store)
        }
    }

    /// The insert's conflict clause decides between racing servers: the
    /// loser's insert waits for the winner's commit, then inserts nothing,
    /// and its counts are never sent.
    func saveRelease(_ release: ReleaseRecord, counts: [ReleaseCount]) async throws -> Bool {
        try await store.transaction(deadline: false) { [store] connection in
            var insert = Self.insertion(release)
            insert.sql += " ON CONFLICT (node) DO NOTHING RETURNING 1"
            guard try await !connection.query(insert, logger: store.logger).collect().isEmpty else { return false }
            try await Self.copy(counts, node: release.node, on: connection, store: store)
            return true
        }
    }

    func releaseCounts(node: String, view: String) async throws -> [ReleaseCount] {
        try await connected { [store] connection in
            var counts: [ReleaseCount] = []
            let rows = try await connection.query(
                "SELECT unit, bin, noisy FROM release_counts WHERE node = \(node) AND view = \(view) ORDER BY unit, bin",
                logger: store.logger)
            for try await (unit, bin, noisy) in rows.decode((String, Int, Int64).self) {
                counts.append(ReleaseCount(view: view, unit: unit, bin: bin, noisy: noisy))
            }
            return counts
        }
    }

    /// One query streamed in pages (PostgresNIO reads rows as they are consumed).
    func forEachCountPage(node: String, size: Int, _ body: @escaping @Sendable ([ReleaseCount]) async throws -> Void) async throws {
        try await connected(deadline: false) { [store] connection in
            var page: [ReleaseCount] = []
            page.reserveCapacity(size)
            let rows = try await connection.query(
                "SELECT view, unit, bin, noisy FROM release_counts WHERE node = \(node) ORDER BY view, unit, bin", logger: store.logger)
            for try await (view, unit, bin, noisy) in rows.decode((String, String, Int, Int64).self) {
                page.append(ReleaseCount(view: view, unit: unit, bin: bin, noisy: noisy))
                if page.count == size {
                    try await body(page)
                    page.removeAll(keepingCapacity: true)
                }
            }
            if !page.isEmpty { try await body(page) }
        }
    }

    func releaseCountTotal() async throws -> Int {
        try await store.rows("SELECT count(*) FROM release_counts", deadline: false) { try $0[0].decode(Int.self) }.first ?? 0
    }

    /// Reads through one pooled connection, so rows decode as typed tuples.
    private func connected<T: Sendable>(
        deadline: Bool = true, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await store.guarded(deadline: deadline) { [store] in
            try await store.client.withConnection { connection in try await body(connection) }
        }
    }

    // MARK: Statements shared with `load`

    static func settings(on connection: PostgresConnection, store: PostGISStore) async throws -> PrivacySettings? {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: settingsSelection), logger: store.logger).collect()
        guard let row = rows.first else { return nil }
        let (secret, epsilon, timeZone, grid, createdAt) = try row.decode((Data, Double, String?, String?, Double).self)
        return PrivacySettings(secret: [UInt8](secret), epsilon: epsilon, timeZone: timeZone, grid: grid,
                               createdAt: Date(timeIntervalSince1970: createdAt))
    }

    static func write(_ settings: PrivacySettings, replacing: Bool, on connection: PostgresConnection, store: PostGISStore) async throws {
        var query: PostgresQuery = try """
            INSERT INTO privacy_settings (id, secret, epsilon, timezone, grid, created_at)
            VALUES (1, \(Data(settings.secret)), \(settings.epsilon), \(settings.timeZone), \(settings.grid),
                    \(settings.createdAt.timeIntervalSince1970))
            """
        query.sql += replacing
            ? """
               ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, epsilon = excluded.epsilon,
                  timezone = excluded.timezone, grid = excluded.grid, created_at = excluded.created_at
              """
            : " ON CONFLICT (id) DO NOTHING"
        try await connection.query(query, logger: store.logger)
    }

    static func insertion(_ release: ReleaseRecord) -> PostgresQuery {
        """
        INSERT INTO releases (node, start_at, end_at, released_at, parameters)
        VALUES (\(release.node), \(release.start.timeIntervalSince1970), \(release.end.timeIntervalSince1970),
                \(release.releasedAt.timeIntervalSince1970), \(release.parameters))
        """
    }

    static func releases(_ query: PostgresQuery, on connection: PostgresConnection, store: PostGISStore) async throws -> [ReleaseRecord] {
        var records: [ReleaseRecord] = []
        for try await (node, start, end, releasedAt, parameters) in try await connection.query(query, logger: store.logger)
            .decode((String, Double, Double, Double, String).self) {
            records.append(ReleaseRecord(
                node: node, start: Date(timeIntervalSince1970: start), end: Date(timeIntervalSince1970: end),
                releasedAt: Date(timeIntervalSince1970: releasedAt), parameters: parameters))
        }
        return records
    }

    /// COPY straight into the table, in key order (a staging table and a
    /// sorted INSERT … SELECT took twice as long). The primary key refuses a
    /// repeated count, which fails the whole transaction, release row
    /// included; only then are the counts searched for the repeat, to name
    /// it as SpatiaLite does.
    static func copy(_ counts: [ReleaseCount], node: String, on connection: PostgresConnection, store: PostGISStore) async throws {
        guard !counts.isEmpty else { return }
        var rows = CopyTextRows()
        do {
            try await connection.copyFrom(table: "release_counts", columns: countColumns, logger: store.logger) { writer in
                for index in counts.keyOrder() {
                    let count = counts[index]
                    rows.append([node, count.view, count.unit, String(count.bin), String(count.noisy)])
                    if rows.buffer.readableBytes >= 1 << 20 { try await writer.write(rows.take()) }
                }
                if rows.rowCount > 0 { try await writer.write(rows.take()) }
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw ReleaseMerge.firstRepeat(in: counts) ?? error
        }
    }

    // MARK: Loading a copy

    /// The lock keeps a server from saving a release made with the old
    /// secret between the check below and the load's commit.
    static func load(_ incoming: PrivacySettings, _ merge: inout ReleaseMerge, on connection: PostgresConnection, store: PostGISStore) async throws {
        try await connection.query("LOCK TABLE releases IN SHARE ROW EXCLUSIVE MODE", logger: store.logger)
        let hasReleases = try await connection.query("SELECT EXISTS (SELECT 1 FROM releases)", logger: store.logger)
            .collect().first?.decode(Bool.self) ?? false
        let existing = try await settings(on: connection, store: store)
        try await write(try merge.settings(incoming, existing: existing, existingReleases: hasReleases),
                        replacing: true, on: connection, store: store)
    }

    static func load(_ records: [ReleaseRecord], _ merge: inout ReleaseMerge, on connection: PostgresConnection, store: PostGISStore) async throws {
        let hasSettings = try await settings(on: connection, store: store) != nil
        for record in records {
            let existing = try await releases("\(unescaped: releaseSelection) WHERE node = \(record.node)", on: connection, store: store).first
            if try merge.admit(record, existing: existing, destinationHasSettings: hasSettings) {
                try await connection.query(insertion(record), logger: store.logger)
            }
        }
    }
}
