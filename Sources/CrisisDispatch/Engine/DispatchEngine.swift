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

    public init(teams: [Team], facilities: [Facility], settings: DispatchSettings = DispatchSettings()) {
        self.settings = settings
        self.teams = Mutex(Roster(teams, location: { $0.location }, class: TeamClass.init))
        self.facilities = Mutex(Roster(facilities, location: { $0.location }, class: FacilityClass.init))
    }

    /// Loads every team and facility of a store.
    public static func load(from store: any CrisisStore, settings: DispatchSettings = DispatchSettings()) async throws -> DispatchEngine {
        async let teams = store.teams.all()
        async let facilities = store.facilities.all()
        return DispatchEngine(teams: try await teams, facilities: try await facilities, settings: settings)
    }

    // MARK: Queries

    public func nearestTeams(_ query: TeamQuery) -> TeamRecommendation {
        let maxFixAge = query.maxFixAge ?? settings.maxFixAge
        let search = RankedSearch<Team, TeamClass>(
            limit: query.limit, maxDistance: settings.maxDistance,
            admits: { $0.admits(query) }, admitsRecord: { TeamClass.admits($0, query) },
            reasons: { TeamRules.reasons(for: $0, query: query, maxFixAge: maxFixAge) })
        let found = teams.withLock { search.run($0, from: query.location) }
        let results = found.accepted.enumerated().map { offset, candidate in
            TeamResult(
                team: candidate.0, rank: offset + 1, distance: candidate.1,
                eta: settings.travelTime.travelTime(from: candidate.0.location, to: query.location, distance: candidate.1),
                fixAge: TeamRules.fixAge(of: candidate.0, at: query.at))
        }
        return Recommendation(location: query.location, at: query.at, etaMethod: settings.travelTime.method,
                              results: results, excluded: found.excluded)
    }

    /// The nearest `limit` appropriate facilities, then ranked least
    /// restrictive level of care first, then by ETA, then by id.
    public func nearestFacilities(_ query: FacilityQuery) -> FacilityRecommendation {
        let clock = LocalClock(query.at)
        let filter = FacilityClass.Filter(query)
        let search = RankedSearch<Facility, FacilityClass>(
            limit: query.limit, maxDistance: settings.maxDistance,
            admits: { $0.admits(filter) }, admitsRecord: { FacilityClass.admits($0, filter) },
            reasons: { FacilityRules.reasons(for: $0, query: query, clock: clock) })
        let found = facilities.withLock { search.run($0, from: query.location) }
        var results = found.accepted.map { facility, distance in
            let age = facility.availabilityUpdatedAt.map { max(0, query.at.timeIntervalSince($0)) }
            let bedGated = FacilityRules.bedBasedKinds.contains(facility.kind)
            let stale = bedGated && (age.map { $0 > settings.availabilityStaleAfter } ?? true)
            return FacilityResult(
                facility: facility, rank: 0, distance: distance,
                eta: settings.travelTime.travelTime(from: query.location, to: facility.location, distance: distance),
                levelOfCare: FacilityRules.levelOfCare(facility.kind), availabilityAge: age, availabilityStale: stale)
        }
        results.sort { ($0.levelOfCare, $0.eta, $0.facility.id) < ($1.levelOfCare, $1.eta, $1.facility.id) }
        for index in results.indices { results[index].rank = index + 1 }
        return Recommendation(location: query.location, at: query.at, etaMethod: settings.travelTime.method,
                              results: results, excluded: found.excluded)
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

    public func upsert(_ team: Team) { teams.withLock { $0.upsert(team) } }
    public func upsert(_ facility: Facility) { facilities.withLock { $0.upsert(facility) } }
    public func removeTeam(id: String) { teams.withLock { $0.remove(id: id) } }
    public func removeFacility(id: String) { facilities.withLock { $0.remove(id: id) } }

    public func team(id: String) -> Team? { teams.withLock { $0.record(id: id) } }
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
