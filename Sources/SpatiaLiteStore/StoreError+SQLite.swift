import GRDB
import Synchronization
import Store

extension StoreError {
    /// SQLite's error as the store's. Busy and locked mean another
    /// connection (a CLI import beside the server, say) held the write lock
    /// past the busy timeout: the same request may succeed shortly, so it is
    /// `unavailable` (the API's 503 with Retry-After), never a failure.
    static func sqlite(_ error: DatabaseError, location: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            .unavailable(location: location, message: "the store is busy: another process holds its write lock (\(error.message ?? "database is locked"))")
        default:
            .database(location: location, message: error.message ?? "\(error)")
        }
    }
}

/// Remembers that a write just found the store busy, so the live updates
/// queued behind it on GRDB's single writer answer 503 at once instead of
/// each waiting out the busy timeout in turn (at 200 updates a second behind
/// a long CLI import, that queue would take hours to drain). One write a
/// second still tries the lock, and the first to get it ends the window.
final class BusyWindow: Sendable {
    private let lastBusy = Mutex<ContinuousClock.Instant?>(nil)
    private let length: Duration

    init(length: Duration = .seconds(1)) {
        self.length = length
    }

    /// Throws `unavailable` while the window is open.
    func check(location: String) throws {
        let now = ContinuousClock.now
        let open = lastBusy.withLock { last in last.map { now - $0 < length } ?? false }
        if open {
            throw StoreError.unavailable(location: location, message: "the store is busy: another process holds its write lock")
        }
    }

    /// Opens the window after a busy error, closes it after a write that went through.
    func note(_ error: DatabaseError?) {
        let busy = error.map { $0.resultCode == .SQLITE_BUSY || $0.resultCode == .SQLITE_LOCKED } ?? false
        lastBusy.withLock { $0 = busy ? ContinuousClock.now : nil }
    }
}

extension SpatiaLiteStore {
    /// Every write of the store's own: through the busy window, with SQLite's
    /// errors as the store's.
    func guardedWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            // The check comes before BEGIN IMMEDIATE, which is where a held
            // lock makes a write wait, and after GRDB's writer queue, which is
            // where the writes behind a busy one wait their turn.
            let result = try await pool.writeWithoutTransaction { [busy, location] db in
                try busy.check(location: location)
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
            busy.note(nil)
            return result
        } catch let error as DatabaseError {
            busy.note(error)
            throw StoreError.sqlite(error, location: location)
        }
    }

    func guardedRead<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.read(body) } catch let error as DatabaseError {
            throw StoreError.sqlite(error, location: location)
        }
    }
}
