import Foundation
import PostgresNIO
import Store

/// API keys and the audit trail in the shared database, so every server
/// accepts the same keys, sees a revocation at once, and writes one trail.
struct PostGISKeys: KeyStore, AuditLog {
    let store: PostGISStore

    func insert(_ key: APIKey) async throws {
        try await store.execute(try Self.insertion(key, replacing: false))
    }

    static func insertion(_ key: APIKey, replacing: Bool) throws -> PostgresQuery {
        var query: PostgresQuery = try """
            INSERT INTO api_keys (id, name, role, salt, secret_hash, created_at, revoked_at, facility_id, team_id)
            VALUES (\(key.id), \(key.name), \(key.role.rawValue), \(key.salt), \(key.secretHash),
                    \(key.createdAt.timeIntervalSince1970), \(key.revokedAt?.timeIntervalSince1970), \(key.facilityID), \(key.teamID))
            """
        if replacing {
            query.sql += """
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, salt = excluded.salt,
                secret_hash = excluded.secret_hash, created_at = excluded.created_at, revoked_at = excluded.revoked_at,
                facility_id = excluded.facility_id, team_id = excluded.team_id
                """
        }
        return query
    }

    /// From the key cache while this store listens for notices (a server),
    /// else from the database.
    func key(id: String) async throws -> APIKey? {
        if let cached = store.keyCache.cached(id) { return cached }
        let generation = store.keyCache.generation
        let key = try await store.rows("SELECT * FROM api_keys WHERE id = \(id)", Self.key(row:)).first
        if let key, let generation { store.keyCache.keep(key, readAt: generation) }
        return key
    }

    func allKeys() async throws -> [APIKey] {
        try await store.rows("SELECT * FROM api_keys ORDER BY created_at, id", Self.key(row:))
    }

    /// The notice in the same transaction tells every server to drop its cached copy.
    func revoke(id: String, at: Date) async throws -> Bool {
        let revoked = try await store.transaction { [store] connection in
            let rows = try await connection.query("""
                UPDATE api_keys SET revoked_at = coalesce(revoked_at, \(at.timeIntervalSince1970)) WHERE id = \(id) RETURNING 1
                """, logger: store.logger).collect()
            if !rows.isEmpty { try await store.notify(ChangeNotice(origin: store.origin, key: id), on: connection) }
            return !rows.isEmpty
        }
        store.keyCache.forget(id)
        return revoked
    }

    func append(_ entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await store.transaction { [store] connection in try await Self.append(entries, on: connection, store: store) }
    }

    /// COPY, so that a busy server's quarter-second batch is one round trip.
    static func append(_ entries: [AuditEntry], on connection: PostgresConnection, store: PostGISStore) async throws {
        var rows = CopyTextRows()
        for entry in entries {
            rows.append([
                CopyField.time(entry.at), entry.keyID, entry.role?.rawValue, entry.method, entry.endpoint, entry.subject,
                "\(entry.status)", entry.outcome, entry.query,
            ])
        }
        try await connection.copyFrom(
            table: "audit", columns: ["at", "key_id", "role", "method", "endpoint", "subject", "status", "outcome", "query"],
            logger: store.logger
        ) { writer in try await writer.write(rows.take()) }
    }

    func entries(since: Date?, limit: Int?) async throws -> [AuditEntry] {
        let from = since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude
        let query: PostgresQuery = if let limit {
            "SELECT * FROM audit WHERE at >= \(from) ORDER BY at, seq LIMIT \(limit)"
        } else {
            "SELECT * FROM audit WHERE at >= \(from) ORDER BY at, seq"
        }
        return try await store.rows(query, deadline: false) { row in
            AuditEntry(
                at: Date(timeIntervalSince1970: try row.value("at")), keyID: try row.value("key_id"),
                role: try row.value("role", as: String?.self).flatMap(APIRole.init(rawValue:)), method: try row.value("method"),
                endpoint: try row.value("endpoint"), subject: try row.value("subject"), query: try row.value("query"),
                status: try row.value("status"),
                outcome: try row.value("outcome"))
        }
    }

    private static func key(row: PostgresRandomAccessRow) throws -> APIKey {
        let roleName = try row.value("role", as: String.self)
        let id = try row.value("id", as: String.self)
        guard let role = APIRole(rawValue: roleName) else {
            throw StoreError.database(location: "api_keys", message: "unknown role '\(roleName)' for key \(id)")
        }
        return APIKey(
            id: id, name: try row.value("name"), role: role, salt: try row.value("salt"), secretHash: try row.value("secret_hash"),
            createdAt: Date(timeIntervalSince1970: try row.value("created_at")), revokedAt: try row.date("revoked_at"),
            facilityID: try row.value("facility_id"), teamID: try row.value("team_id"))
    }
}
