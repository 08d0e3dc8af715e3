import Foundation

/// API keys, as the server and `crisismap keys` see them.
public protocol KeyStore: Sendable {
    func insert(_ key: APIKey) async throws
    func key(id: String) async throws -> APIKey?
    /// Every key, revoked ones included, oldest first.
    func allKeys() async throws -> [APIKey]
    /// Marks the key revoked from `at` on; false when there is no such key.
    /// Requests check the store each time, so a revoked key fails at once.
    func revoke(id: String, at: Date) async throws -> Bool
}

/// The audit trail of requests that touched call data or recommended a team.
public protocol AuditLog: Sendable {
    /// Appends entries in one transaction.
    func append(_ entries: [AuditEntry]) async throws
    /// Entries at or after `since` (all when nil), oldest first.
    func entries(since: Date?, limit: Int?) async throws -> [AuditEntry]
}
