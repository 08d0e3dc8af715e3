import Foundation
import Logging
import ServiceLifecycle
import Store

/// Collects audit entries and writes them in batches: one transaction per
/// quarter second instead of one per request keeps auditing off the hot
/// path at thousands of requests a second. The last batch is written when
/// the server shuts down gracefully (after in-flight requests finish).
actor AuditTrail: Service {
    private let log: any AuditLog
    private let logger: Logger
    private let interval: Duration
    private var pending: [AuditEntry] = []

    init(log: any AuditLog, logger: Logger, interval: Duration = .milliseconds(250)) {
        self.log = log
        self.logger = logger
        self.interval = interval
    }

    func record(_ entry: AuditEntry) {
        pending.append(entry)
    }

    /// Writes what has been collected. On failure the entries are kept for
    /// the next attempt rather than lost.
    func flush() async {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        do {
            try await log.append(batch)
        } catch {
            pending.insert(contentsOf: batch, at: 0)
            logger.error("could not write the audit trail", metadata: ["error": "\(error)", "pending": "\(pending.count)"])
        }
    }

    nonisolated func run() async throws {
        // Sleep until shut down; cancellation of the sleep is the signal.
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: self.interval)
            }
            await flush()
        }
        await flush()
    }
}
