import Foundation
import Logging
import ServiceLifecycle
import Store
import Synchronization

/// Collects audit entries and writes them in batches: one transaction per
/// quarter second instead of one per request keeps auditing off the hot
/// path at thousands of requests a second. The last batch is written when
/// the server shuts down gracefully (after in-flight requests finish).
final class AuditTrail: Service, Sendable {
    private let log: any AuditLog
    private let logger: Logger
    private let interval: Duration
    private let pending = Mutex<[AuditEntry]>([])

    init(log: any AuditLog, logger: Logger, interval: Duration = .milliseconds(250)) {
        self.log = log
        self.logger = logger
        self.interval = interval
    }

    /// Takes an entry; a lock, not an actor hop, on the request path.
    func record(_ entry: AuditEntry) {
        pending.withLock { $0.append(entry) }
    }

    /// Writes what has been collected, oldest first, in chunks of
    /// `chunkSize` so a backlog after a slow spell never becomes one huge
    /// statement. On failure the unwritten entries are kept for the next
    /// attempt rather than lost.
    func flush() async {
        let batch = pending.withLock { entries in
            defer { entries.removeAll(keepingCapacity: true) }
            return entries
        }
        var written = 0
        do {
            while written < batch.count {
                let chunk = batch[written..<min(written + Self.chunkSize, batch.count)]
                try await log.append(Array(chunk))
                written += chunk.count
            }
        } catch {
            let waiting = pending.withLock { entries in
                entries.insert(contentsOf: batch[written...], at: 0)
                return entries.count
            }
            logger.error("could not write the audit trail", metadata: ["error": "\(error)", "pending": "\(waiting)"])
        }
    }

    static let chunkSize = 5_000

    func run() async throws {
        // Sleep until shut down; the graceful shutdown cancels the sleep.
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: self.interval)
            }
            await flush()
        }
        await flush()
    }
}
