import CrisisDispatch
import Foundation
import Logging
import ServiceLifecycle
import Store
import Synchronization

/// Keeps this server's in-memory teams and facilities in step with changes
/// other servers commit to the shared database: changed records are
/// re-read from the store (the database, not the notice, is the truth),
/// applied to the dispatch engine and sent to this server's event streams.
///
/// Notices are collected as they arrive and applied in rounds: whatever
/// piled up while one round read the database is the next round, each
/// record once, read with one query per kind. Under a burst the work per
/// round grows, not the queue.
final class StoreChangeListener: Service, Sendable {
    private let services: APIServices
    private let changes: AsyncStream<StoreChange>
    private let pending = Mutex(PendingChanges())

    /// `changes` comes from a subscription made before the engine was loaded,
    /// so nothing committed in between is missed.
    init(services: APIServices, changes: AsyncStream<StoreChange>) {
        self.services = services
        self.changes = changes
    }

    func run() async throws {
        let changes = self.changes
        let (rounds, ring) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await change in changes {
                        self.pending.withLock { $0.add(change) }
                        ring.yield()
                    }
                    ring.finish()
                }
                group.addTask {
                    for await _ in rounds {
                        await self.applyPending()
                    }
                }
            }
        }
        // A service that returns stops the whole server: if the feed ever
        // ends early, say so and keep serving (health checks still reload).
        if !Task.isShuttingDownGracefully && !Task.isCancelled {
            services.logger.error("the change feed ended; changes from other servers arrive only after a database outage now")
            try? await gracefulShutdown()
        }
    }

    /// Applies everything collected so far.
    func applyPending() async {
        let round = pending.withLock { $0.take() }
        guard !round.isEmpty else { return }
        do {
            if round.everything {
                try await reloadEverything()
            } else {
                try await applyTeams(round.teams)
                try await applyFacilities(round.facilities)
                try await applyCalls(round.calls)
            }
        } catch {
            // The health monitor notices an unreachable database and reloads
            // everything once it is back; changes missed here are covered by that.
            services.logger.warning("could not apply changes from another server", metadata: [
                "teams": "\(round.teams.count)", "facilities": "\(round.facilities.count)", "error": "\(error)",
            ])
        }
    }

    /// `changed`: team id → what happened last (the event stream's name for it).
    private func applyTeams(_ changed: [String: String]) async throws {
        guard !changed.isEmpty else { return }
        let found = try await services.store.teams.records(ids: Array(changed.keys))
        let engine = services.engine
        for team in found {
            engine.refresh(team)
            services.events.publish(TeamEvent(change: changed[team.id] ?? "upsert", team: engine.team(id: team.id), id: team.id, at: Date()))
        }
        for id in Set(changed.keys).subtracting(found.map(\.id)) {
            engine.removeTeam(id: id)
            services.events.publish(TeamEvent(change: "delete", team: nil, id: id, at: Date()))
        }
    }

    private func applyFacilities(_ changed: Set<String>) async throws {
        guard !changed.isEmpty else { return }
        let found = try await services.store.facilities.records(ids: Array(changed))
        for facility in found { services.engine.refresh(facility) }
        for id in changed.subtracting(found.map(\.id)) { services.engine.removeFacility(id: id) }
    }

    /// Another server's lifecycle changes: which team is on which call, and this server's call stream.
    private func applyCalls(_ changed: Set<String>) async throws {
        guard !changed.isEmpty else { return }
        services.engine.replaceAssignments(try await services.store.lifecycle.openAssignments())
        for id in changed.sorted() {
            guard let timeline = try await services.store.lifecycle.timeline(callID: id) else { continue }
            services.callEvents.publish(CallChangeEvent(timeline, at: Date()))
        }
    }

    /// Every team and facility afresh, and a `reload` event so maps refetch.
    func reloadEverything() async throws {
        try await services.engine.reload(from: services.store)
        services.events.publish(TeamEvent(change: "reload", team: nil, id: "", at: Date()))
        services.logger.info("reloaded teams and facilities from the store")
    }
}

/// Changes waiting for the next round, each record once.
struct PendingChanges: Sendable {
    var everything = false
    var teams: [String: String] = [:]
    var facilities: Set<String> = []
    var calls: Set<String> = []

    var isEmpty: Bool { !everything && teams.isEmpty && facilities.isEmpty && calls.isEmpty }

    mutating func add(_ change: StoreChange) {
        switch change.kind {
        case .everything: everything = true
        case .team: teams[change.id] = change.change
        case .facility: facilities.insert(change.id)
        case .call: calls.insert(change.id)
        }
    }

    mutating func take() -> PendingChanges {
        defer { self = PendingChanges() }
        return self
    }
}
