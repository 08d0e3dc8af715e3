import Foundation
import GeoCore
import Store
import Synchronization

/// Answers "which team" and "which facility" from an in-memory copy of the
/// store's teams and facilities, kept current by the live updates that pass
/// through it (and written through to the store first).
///
/// Queries and updates may come from any thread; each roster is guarded by
/// its own lock, held for the length of one search (tens of microseconds).
public final class DispatchEngine: Sendable {
    public let settings: DispatchSettings
    private let teams: Mutex<Roster<Team, TeamClass>>
    private let facilities: Mutex<Roster<Facility, FacilityClass>>
    /// The open call each assigned team is on (team id to call id).
    private let assignedCalls = Mutex<[String: String]>([:])

    public init(teams: [Team], facilities: [Facility], settings: DispatchSettings = DispatchSettings()) {
        self.settings = settings
        self.teams = Mutex(Roster(teams, location: { $0.location }, class: TeamClass.init))
        self.facilities = Mutex(Roster(facilities, location: { $0.location }, class: FacilityClass.init))
    }

    /// Loads every team and facility of a store.
    public static func load(from store: any CrisisStore, settings: DispatchSettings = DispatchSettings()) async throws -> DispatchEngine {
        let engine = DispatchEngine(teams: [], facilities: [], settings: settings)
        try await engine.reload(from: store)
        return engine
    }

    /// Replaces every team and facility, and which team is on which open call, with the store's.
    public func reload(from store: any CrisisStore) async throws {
        async let teams = store.teams.all()
        async let facilities = store.facilities.all()
        async let assignments = store.lifecycle.openAssignments()
        replaceAll(teams: try await teams, facilities: try await facilities)
        replaceAssignments(try await assignments)
    }

    // MARK: Queries

    /// The nearest appropriate teams, quickest first. `routes`: each result
    /// also carries its path, from the same travel-time model that timed it.
    public func nearestTeams(_ query: TeamQuery, routes: Bool = false) -> TeamRecommendation {
        let maxFixAge = query.maxFixAge ?? settings.maxFixAge
        let clockSkew = settings.clockSkew
        let model = settings.travelTime.snapshot
        let assigned = assignedCalls.withLock { $0 }
        let search = RankedSearch<Team, TeamClass>(
            limit: Self.pool(query.limit, model), maxDistance: settings.maxDistance,
            admits: { $0.admits(query) }, admitsRecord: { TeamClass.admits($0, query) },
            reasons: { TeamRules.reasons(for: $0, query: query, maxFixAge: maxFixAge, clockSkew: clockSkew, assignedCalls: assigned) })
        var found = teams.withLock { search.run($0, from: query.location) }
        if !assigned.isEmpty {
            for index in found.excluded.indices { found.excluded[index].callID = assigned[found.excluded[index].record.id] }
        }
        let legs = model.travelTimes(from: found.accepted.map(\.0.location), to: query.location, distances: found.accepted.map(\.1))
        var results = zip(found.accepted, legs).map { candidate, leg in
            TeamResult(
                team: candidate.0, rank: 0, distance: candidate.1, eta: leg.seconds,
                etaMethod: leg.method == model.method ? nil : leg.method, snapDistance: leg.candidateSnap,
                fixAge: TeamRules.fixAge(of: candidate.0, at: query.at))
        }
        if !model.growsWithDistance {
            results.sort { ($0.eta, $0.distance, $0.team.id) < ($1.eta, $1.distance, $1.team.id) }
            results = Array(results.prefix(query.limit))
            found.excluded = Self.nearerThanFarthest(found.excluded, kept: results.map(\.distance))
        }
        for index in results.indices {
            results[index].rank = index + 1
            if routes { results[index].route = model.path(from: results[index].team.location, to: query.location) }
        }
        return Recommendation(location: query.location, at: query.at, etaMethod: model.method,
                              results: results, excluded: found.excluded, snapDistance: legs.lazy.compactMap(\.querySnap).first)
    }

    /// The nearest `limit` appropriate facilities, then ranked least
    /// restrictive level of care first, then by ETA, then by id (`routes` as for teams).
    public func nearestFacilities(_ query: FacilityQuery, routes: Bool = false) -> FacilityRecommendation {
        let clock = LocalClock(query.at)
        let filter = FacilityClass.Filter(query)
        let model = settings.travelTime.snapshot
        let search = RankedSearch<Facility, FacilityClass>(
            limit: Self.pool(query.limit, model), maxDistance: settings.maxDistance,
            admits: { $0.admits(filter) }, admitsRecord: { FacilityClass.admits($0, filter) },
            reasons: { FacilityRules.reasons(for: $0, query: query, clock: clock) })
        var found = facilities.withLock { search.run($0, from: query.location) }
        let legs = model.travelTimes(from: query.location, to: found.accepted.map(\.0.location), distances: found.accepted.map(\.1))
        var results = zip(found.accepted, legs).map { candidate, leg in
            let (facility, distance) = candidate
            let age = facility.availabilityUpdatedAt.map { max(0, query.at.timeIntervalSince($0)) }
            let bedGated = FacilityRules.bedBasedKinds.contains(facility.kind)
            let stale = bedGated && (age.map { $0 > settings.availabilityStaleAfter } ?? true)
            return FacilityResult(
                facility: facility, rank: 0, distance: distance, eta: leg.seconds,
                etaMethod: leg.method == model.method ? nil : leg.method, snapDistance: leg.candidateSnap,
                levelOfCare: FacilityRules.levelOfCare(facility.kind), availabilityAge: age, availabilityStale: stale)
        }
        if !model.growsWithDistance {
            // The `limit` quickest, as the straight line keeps the `limit` nearest; then the same order.
            results.sort { ($0.eta, $0.distance, $0.facility.id) < ($1.eta, $1.distance, $1.facility.id) }
            results = Array(results.prefix(query.limit))
            found.excluded = Self.nearerThanFarthest(found.excluded, kept: results.map(\.distance))
        }
        results.sort { ($0.levelOfCare, $0.eta, $0.facility.id) < ($1.levelOfCare, $1.eta, $1.facility.id) }
        for index in results.indices {
            results[index].rank = index + 1
            if routes { results[index].route = model.path(from: query.location, to: results[index].facility.location) }
        }
        return Recommendation(location: query.location, at: query.at, etaMethod: model.method,
                              results: results, excluded: found.excluded, snapDistance: legs.lazy.compactMap(\.querySnap).first)
    }

    /// How many of the nearest eligible candidates to time: the limit when ETA
    /// follows distance, otherwise four times it (at least 20), since the
    /// quickest by road is usually, but not always, among the nearest.
    static func pool(_ limit: Int, _ model: any TravelTimeModel) -> Int {
        model.growsWithDistance ? limit : max(limit * 4, 20)
    }

    /// Exclusions still worth showing once the pool is cut back to the limit:
    /// those nearer than the farthest result kept.
    static func nearerThanFarthest<Record>(_ excluded: [Exclusion<Record>], kept distances: [Double]) -> [Exclusion<Record>] {
        guard let farthest = distances.max() else { return excluded }
        return excluded.filter { $0.distance < farthest }
    }

    // MARK: Live state, in memory

    /// Applies a position to the in-memory roster if it is newer than the one held.
    @discardableResult
    public func apply(_ update: PositionUpdate) -> UpdateOutcome {
        apply([update])[0]
    }

    /// Applies a batch of positions under one acquisition of the roster's
    /// lock: a feed's batch must not queue behind a query once per update.
    @discardableResult
    public func apply(_ updates: [PositionUpdate]) -> [UpdateOutcome] {
        teams.withLock { roster in
            updates.map { update in
                guard var team = roster.record(id: update.teamID) else { return .notFound }
                guard update.fixAt > team.fixAt else { return .olderThanStored }
                team.location = update.location
                team.fixAt = update.fixAt
                roster.upsert(team)
                return .applied
            }
        }
    }

    public func apply(status: TeamStatus, teamID: String) {
        teams.withLock { roster in
            guard var team = roster.record(id: teamID) else { return }
            team.status = status
            roster.upsert(team)
        }
    }

    public func apply(bedsAvailable: Int, updatedAt: Date, facilityID: String) {
        facilities.withLock { roster in
            guard var facility = roster.record(id: facilityID) else { return }
            facility.bedsAvailable = bedsAvailable
            facility.availabilityUpdatedAt = updatedAt
            roster.upsert(facility)
        }
    }

    /// Takes a team as another server left it in the store. A position
    /// newer than that copy's (applied here meanwhile) is kept.
    public func refresh(_ team: Team) {
        teams.withLock { roster in
            var team = team
            if let held = roster.record(id: team.id), held.fixAt > team.fixAt {
                team.location = held.location
                team.fixAt = held.fixAt
            }
            roster.upsert(team)
        }
    }

    /// Takes a facility as another server left it; newer bed counts held here are kept.
    public func refresh(_ facility: Facility) {
        facilities.withLock { roster in
            var facility = facility
            if let held = roster.record(id: facility.id), let heldAt = held.availabilityUpdatedAt,
               heldAt > (facility.availabilityUpdatedAt ?? .distantPast) {
                facility.bedsAvailable = held.bedsAvailable
                facility.availabilityUpdatedAt = heldAt
            }
            roster.upsert(facility)
        }
    }

    /// Replaces every team and facility (after a bulk load elsewhere, or
    /// when changes may have been missed while the database was away).
    public func replaceAll(teams newTeams: [Team], facilities newFacilities: [Facility]) {
        teams.withLock { $0 = Roster(newTeams, location: { $0.location }, class: TeamClass.init) }
        facilities.withLock { $0 = Roster(newFacilities, location: { $0.location }, class: FacilityClass.init) }
    }

    public func upsert(_ team: Team) { teams.withLock { $0.upsert(team) } }
    public func upsert(_ facility: Facility) { facilities.withLock { $0.upsert(facility) } }
    public func removeTeam(id: String) { teams.withLock { $0.remove(id: id) } }
    public func removeFacility(id: String) { facilities.withLock { $0.remove(id: id) } }

    public func team(id: String) -> Team? { teams.withLock { $0.record(id: id) } }

    // MARK: Assignments

    /// Replaces which team is on which open call (at start, and when another
    /// server may have changed it).
    public func replaceAssignments(_ teamCalls: [String: String]) { assignedCalls.withLock { $0 = teamCalls } }

    /// Follows what a lifecycle action did: a team with an open step is on
    /// that call, a cleared one is free of it.
    public func noteAssignments(of change: LifecycleChange) {
        assignedCalls.withLock { calls in
            for timeline in [change.preempted, change.timeline].compactMap(\.self) {
                for (team, step) in timeline.assignments {
                    if step.isOpen, timeline.state.isOpen {
                        calls[team] = timeline.callID
                    } else if calls[team] == timeline.callID {
                        calls[team] = nil
                    }
                }
            }
        }
    }

    public func assignedCall(teamID: String) -> String? { assignedCalls.withLock { $0[teamID] } }
    public func facility(id: String) -> Facility? { facilities.withLock { $0.record(id: id) } }
}

/// The engine with the store behind it: every update is written to the
/// store first (which decides, in the same statement, whether it is newer)
/// and applied in memory only if the store applied it.
public struct LiveDispatch: Sendable {
    public let engine: DispatchEngine
    public let store: any LiveStateStore

    public init(engine: DispatchEngine, store: any LiveStateStore) {
        self.engine = engine
        self.store = store
    }

    public func updatePositions(_ updates: [PositionUpdate]) async throws -> [UpdateOutcome] {
        let outcomes = try await store.updatePositions(updates)
        engine.apply(zip(updates, outcomes).filter { $0.1 == .applied }.map(\.0))
        return outcomes
    }

    public func updateStatus(teamID: String, status: TeamStatus, at: Date) async throws -> UpdateOutcome {
        let outcome = try await store.updateStatus(teamID: teamID, status: status, at: at)
        if outcome == .applied { engine.apply(status: status, teamID: teamID) }
        return outcome
    }

    public func updateAvailability(facilityID: String, bedsAvailable: Int, updatedAt: Date) async throws -> UpdateOutcome {
        let outcome = try await store.updateAvailability(facilityID: facilityID, bedsAvailable: bedsAvailable, updatedAt: updatedAt)
        if outcome == .applied { engine.apply(bedsAvailable: bedsAvailable, updatedAt: updatedAt, facilityID: facilityID) }
        return outcome
    }
}
