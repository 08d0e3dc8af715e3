import CrisisDispatch
import Foundation
import Logging
import ServiceLifecycle
import Store

/// Keeps this server's in-memory teams and facilities in step with changes
/// other servers commit to the shared database: each change is re-read from
/// the store (the database, not the notice, is the truth), applied to the
/// dispatch engine and sent to this server's event streams.
final class StoreChangeListener: Service, Sendable {
    private let services: APIServices
    private let changes: AsyncStream<StoreChange>

    /// `changes` comes from a subscription made before the engine was loaded,
    /// so nothing committed in between is missed.
    init(services: APIServices, changes: AsyncStream<StoreChange>) {
        self.services = services
        self.changes = changes
    }

    func run() async throws {
        let changes = self.changes
        await cancelWhenGracefulShutdown {
            for await change in changes {
                await self.apply(change)
            }
        }
        // A service that returns stops the whole server: if the feed ever
        // ends early, say so and keep serving (health checks still reload).
        if !Task.isShuttingDownGracefully && !Task.isCancelled {
            services.logger.error("the change feed ended; changes from other servers arrive only after a database outage now")
            try? await gracefulShutdown()
        }
    }

    func apply(_ change: StoreChange) async {
        let store = services.store
        let engine = services.engine
        services.logger.debug("change from another server", metadata: ["kind": "\(change.kind.rawValue)", "id": "\(change.id)", "change": "\(change.change)"])
        do {
            switch change.kind {
            case .team:
                if let team = try await store.teams.record(id: change.id) {
                    engine.refresh(team)
                    services.events.publish(TeamEvent(change: change.change, team: engine.team(id: team.id), id: team.id, at: Date()))
                } else {
                    engine.removeTeam(id: change.id)
                    services.events.publish(TeamEvent(change: "delete", team: nil, id: change.id, at: Date()))
                }
            case .facility:
                if let facility = try await store.facilities.record(id: change.id) {
                    engine.refresh(facility)
                } else {
                    engine.removeFacility(id: change.id)
                }
            case .everything:
                try await reloadEverything()
            }
        } catch {
            // The health monitor notices an unreachable database and reloads
            // everything once it is back; one missed change is covered by that.
            services.logger.warning("could not apply a change from another server", metadata: [
                "change": "\(change.kind.rawValue) \(change.id) \(change.change)", "error": "\(error)",
            ])
        }
    }

    /// Every team and facility afresh, and a `reload` event so maps refetch.
    func reloadEverything() async throws {
        async let teams = services.store.teams.all()
        async let facilities = services.store.facilities.all()
        services.engine.replaceAll(teams: try await teams, facilities: try await facilities)
        services.events.publish(TeamEvent(change: "reload", team: nil, id: "", at: Date()))
        services.logger.info("reloaded teams and facilities from the store")
    }
}
