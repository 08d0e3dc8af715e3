import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Store
import Synchronization

/// Collects audit entries and writes them in batches: one transaction per
/// quarter second instead of one per request keeps auditing off the hot
/// path at thousands of requests a second. The last batch is written when
/// the server shuts down gracefully (after in-flight requests finish).
///
/// The queue is bounded: while the store cannot take the entries (a long
/// outage), at most `capacity` wait in memory. Past that an entry is dropped
/// and counted, and the routes that read a person's call refuse to answer
/// (`hasRoom`) rather than serve unaudited. `crisismap_audit_pending` and
/// `crisismap_audit_dropped_total` show both on /metrics.
final class AuditTrail: Service, Sendable {
    private let log: any AuditLog
    private let logger: Logger
    private let interval: Duration
    private let capacity: Int
    private let pending = Mutex<[AuditEntry]>([])
    private let pendingGauge = Gauge(label: "crisismap_audit_pending")
    private let droppedCounter = Counter(label: "crisismap_audit_dropped_total")

    init(log: any AuditLog, logger: Logger, interval: Duration = .milliseconds(250), capacity: Int = 100_000) {
        self.log = log
        self.logger = logger
        self.interval = interval
        self.capacity = capacity
    }

    /// Takes an entry; a lock, not an actor hop, on the request path.
    /// False when the queue is full and the entry was dropped.
    @discardableResult
    func record(_ entry: AuditEntry) -> Bool {
        let waiting = pending.withLock { entries -> Int? in
            guard entries.count < capacity else { return nil }
            entries.append(entry)
            return entries.count
        }
        guard let waiting else {
            droppedCounter.increment()
            return false
        }
        pendingGauge.record(waiting)
        return true
    }

    /// Whether another entry would be kept.
    var hasRoom: Bool { pending.withLock { $0.count < capacity } }

    var pendingCount: Int { pending.withLock { $0.count } }

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
        pendingGauge.record(pendingCount)
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
