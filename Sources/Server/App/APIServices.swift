import Contract
import CrisisDispatch
import Foundation
import Hummingbird
import Logging
import Store

/// What the handlers work with: the store, the resident dispatch engine
/// (loaded once at start, kept current by the updates that pass through
/// it), the audit trail and the team event hub.
final class APIServices: Sendable {
    let store: any CrisisStore
    let live: LiveDispatch
    let audit: AuditTrail
    let events: TeamEventHub
    /// Call lifecycle changes, for `GET /v1/calls/stream`.
    let callEvents = EventHub<CallChangeEvent>()
    let streams: StreamGate
    let planning: PlanningPool
    let logger: Logger

    var engine: DispatchEngine { live.engine }
    /// How far ahead of this server's clock a live time may be.
    var clockSkew: ClockSkew { engine.settings.clockSkew }

    init(store: any CrisisStore, engine: DispatchEngine, logger: Logger, streams: StreamLimits = StreamLimits(),
         planning: PlanningLimits = PlanningLimits(), auditCapacity: Int = 100_000) {
        self.store = store
        self.live = LiveDispatch(engine: engine, store: store.live)
        self.audit = AuditTrail(log: store.audit, logger: logger, capacity: auditCapacity)
        self.events = TeamEventHub()
        self.streams = StreamGate(limits: streams)
        self.planning = PlanningPool(limits: planning)
        self.logger = logger
    }
}
