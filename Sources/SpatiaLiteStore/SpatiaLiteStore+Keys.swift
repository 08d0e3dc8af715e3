import Foundation
import GRDB
import Store

/// API keys and the audit trail live in the same file as the data they guard.
struct SpatiaLiteKeys: KeyStore, AuditLog {
    let store: SpatiaLiteStore

    func insert(_ key: APIKey) async throws {
        try await store.guardedWrite { db in try Self.insert(key, db, replacing: false) }
    }

    static func insert(_ key: APIKey, _ db: Database, replacing: Bool) throws {
        try db.execute(
            sql: """
                INSERT \(replacing ? "OR REPLACE " : "")INTO api_keys
                    (id, name, role, salt, secret_hash, created_at, revoked_at, facility_id, team_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [key.id, key.name, key.role.rawValue, key.salt, key.secretHash, key.createdAt.storedValue,
                        key.revokedAt?.storedValue, key.facilityID, key.teamID])
    }

    /// Read on every API request: a synchronous read on the calling thread
    /// (microseconds, a cached statement) rather than a hop to GRDB's queue.
    func key(id: String) async throws -> APIKey? {
        do {
            return try readHere { db in
                let statement = try db.cachedStatement(sql: "SELECT * FROM api_keys WHERE id = ?")
                return try Row.fetchOne(statement, arguments: [id]).map(Self.key(row:))
            }
        } catch let error as DatabaseError {
            throw StoreError.sqlite(error, location: store.location)
        }
    }

    /// A synchronous function, so that GRDB's blocking read is the one
    /// chosen; `unsafeRead` skips the transaction a one-statement read does not need.
    private func readHere<T>(_ body: (Database) throws -> T) throws -> T {
        try store.pool.unsafeRead(body)
    }

    func allKeys() async throws -> [APIKey] {
        try await store.guardedRead { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_keys ORDER BY created_at, id").map(Self.key(row:))
        }
    }

    func revoke(id: String, at: Date) async throws -> Bool {
        try await store.guardedWrite { db in
            try db.execute(sql: "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
                           arguments: [at.storedValue, id])
            return db.changesCount > 0
        }
    }

    func append(_ entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await store.guardedWrite { db in try Self.append(entries, db) }
    }

    static func append(_ entries: [AuditEntry], _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO audit (at, key_id, role, method, endpoint, subject, status, outcome, query)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for entry in entries {
            try statement.execute(arguments: [
                entry.at.storedValue, entry.keyID, entry.role?.rawValue, entry.method, entry.endpoint,
                entry.subject, entry.status, entry.outcome, entry.query,
            ])
        }
    }

    func entries(since: Date?, limit: Int?) async throws -> [AuditEntry] {
        try await store.guardedRead { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM audit WHERE at >= ? ORDER BY at, seq LIMIT ?",
                arguments: [since?.storedValue ?? -Double.greatestFiniteMagnitude, limit ?? -1]
            ).map { row in
                AuditEntry(
                    at: Date(storedValue: row["at"]), keyID: row["key_id"],
                    role: (row["role"] as String?).flatMap(APIRole.init(rawValue:)), method: row["method"],
                    endpoint: row["endpoint"], subject: row["subject"], query: row["query"], status: row["status"],
                    outcome: row["outcome"])
            }
        }
    }

    private static func key(row: Row) throws -> APIKey {
        let roleName: String = row["role"]
        guard let role = APIRole(rawValue: roleName) else {
            throw StoreError.database(location: "api_keys", message: "unknown role '\(roleName)' for key \(row["id"] as String)")
        }
        return APIKey(
            id: row["id"], name: row["name"], role: role, salt: row["salt"], secretHash: row["secret_hash"],
            createdAt: Date(storedValue: row["created_at"]),
            revokedAt: (row["revoked_at"] as Double?).map(Date.init(storedValue:)),
            facilityID: row["facility_id"], teamID: row["team_id"])
    }
}

extension SpatiaLiteStore {
    public var keys: any KeyStore { SpatiaLiteKeys(store: self) }
    public var audit: any AuditLog { SpatiaLiteKeys(store: self) }
    public var live: any LiveStateStore { self }
}
