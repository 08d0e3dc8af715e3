import Foundation

/// A change to live dispatch state that another process made: what a server
/// must re-read to stay in step with the others on the same database.
public struct StoreChange: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        case team
        case facility
        /// A call's lifecycle (an assignment, a step, closing, cancelling).
        case call
        /// Changes may have been missed (the feed reconnected, or a bulk load
        /// replaced many records): re-read everything.
        case everything
    }

    public var kind: Kind
    /// The record's id; empty for `everything`.
    public var id: String
    /// What happened, as the live event stream names it: `position`,
    /// `status`, `availability`, `upsert`, `delete`, `reload`.
    public var change: String

    public init(kind: Kind, id: String, change: String) {
        self.kind = kind
        self.id = id
        self.change = change
    }

    public static let everything = StoreChange(kind: .everything, id: "", change: "reload")
}

/// Changes made through other store instances (other servers) on the same
/// database, delivered after they commit. A store only one process writes
/// (a SpatiaLite file) delivers none.
public protocol StoreChangeFeed: Sendable {
    /// Subscribes, and returns once subscribed: every change committed after
    /// that is delivered (so subscribe first, then load what the changes
    /// apply to). Delivers until the consuming task is cancelled; a feed that
    /// loses its connection reconnects by itself and then sends `.everything`.
    func subscribe() async throws -> AsyncStream<StoreChange>
}

/// The feed of a store nobody else writes to while a server runs.
public struct QuietChangeFeed: StoreChangeFeed {
    public init() {}

    public func subscribe() async throws -> AsyncStream<StoreChange> {
        AsyncStream { continuation in
            // Stays open, silent, until the consumer goes away.
            continuation.onTermination = { _ in }
        }
    }
}
