import Foundation
import Logging
import Reports
import ServiceLifecycle
import Store

/// Makes every private release that is due: at start, then every hour, so a
/// month appears to planners once it has ended plus the release delay without
/// anyone running `crisismap release`. Servers sharing a database race
/// harmlessly: the store keeps the first release of a node and refuses the rest.
struct ReleaseScheduler: Service {
    let store: any CrisisStore
    let logger: Logger
    var interval: Duration = .seconds(3_600)

    /// The server runs this once before it listens, so no planner asks while a release is half made.
    func releaseDue() async {
        do {
            let made = try await ReleaseService.releaseDue(store)
            if !made.isEmpty { logger.info("private releases made", metadata: ["nodes": "\(made.map(\.node).joined(separator: ","))"]) }
        } catch {
            // A store without areas has no release grid yet; planners get a 422 naming the cause.
            logger.debug("no private release made", metadata: ["reason": "\(error)"])
        }
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { return }
            await releaseDue()
        }
    }
}
