import Foundation
import Logging
import ServiceLifecycle
import Store
import Synchronization

/// Whether the store answers, checked every `interval` in the background so
/// that probes (`/healthz`, `/readyz`) answer at once, whatever the database
/// is doing. When the database comes back, `onRecovery` runs (the server
/// reloads what it may have missed).
final class StoreHealth: Service, Sendable {
    struct State: Sendable, Equatable {
        var up: Bool
        var since: Date
        var problem: String?
    }

    private let store: any CrisisStore
    private let logger: Logger
    private let interval: Duration
    private let state = Mutex(State(up: true, since: Date(), problem: nil))
    private let onRecovery: @Sendable () async -> Void

    init(store: any CrisisStore, logger: Logger, interval: Duration = .seconds(1), onRecovery: @escaping @Sendable () async -> Void) {
        self.store = store
        self.logger = logger
        self.interval = interval
        self.onRecovery = onRecovery
    }

    var current: State { state.withLock { $0 } }

    /// Asks the store now and records the answer.
    @discardableResult
    func check() async -> State {
        var problem: String?
        do { try await store.checkAvailable() } catch { problem = "\(error)" }
        let (now, recovered) = state.withLock { state -> (State, Bool) in
            let up = problem == nil
            let changed = up != state.up
            if changed { state = State(up: up, since: Date(), problem: problem) } else { state.problem = problem }
            return (state, changed && up)
        }
        if recovered {
            logger.notice("the database is back", metadata: ["store": "\(store.location)"])
            await onRecovery()
        } else if !now.up, now.since.timeIntervalSinceNow > -interval.seconds {
            logger.error("the database is unavailable", metadata: ["store": "\(store.location)", "error": "\(problem ?? "")"])
        }
        return now
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            await check()
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
