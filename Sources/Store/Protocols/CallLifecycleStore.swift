import Foundation
import GeoCore

/// What applying a lifecycle action changed.
public struct LifecycleChange: Sendable {
    /// A team whose status followed its step. `applied` is false when the
    /// team had reported a status newer than the step's `at`, which stands.
    public struct TeamStatusChange: Hashable, Sendable {
        public var teamID: String
        public var status: TeamStatus
        public var at: Date
        public var applied: Bool

        public init(teamID: String, status: TeamStatus, at: Date, applied: Bool) {
            self.teamID = teamID
            self.status = status
            self.at = at
            self.applied = applied
        }
    }

    /// The call's timeline after the action.
    public var timeline: CallTimeline
    /// The other call a preempted team was taken off, after that.
    public var preempted: CallTimeline?
    public var teams: [TeamStatusChange]

    public init(timeline: CallTimeline, preempted: CallTimeline? = nil, teams: [TeamStatusChange]) {
        self.timeline = timeline
        self.preempted = preempted
        self.teams = teams
    }

    /// The status each moved team ends on: its last step among `events`.
    public static func statuses(after events: [CallEvent]) -> [(teamID: String, status: TeamStatus, at: Date)] {
        CallTimeline.latestSteps(in: events).map { ($0.teamID, $0.step.teamStatus, $0.at) }
    }
}

/// Calls from received to cleared: assignments, steps, closing.
///
/// `apply` checks the action against the call's timeline with
/// `CallTimeline.events(for:at:keyID:teamOnCall:)` and writes its events,
/// the team's status and (closing) the call's disposition in one
/// transaction, with the call (and the team) locked so that two
/// dispatchers, or two servers over one database, cannot both assign one
/// team: one wins, the other gets `LifecycleRefusal.teamOnAnotherCall`.
public protocol CallLifecycleStore: Sendable {
    /// Throws `LifecycleRefusal` for what the rules refuse, `StoreError` for the database.
    func apply(_ action: LifecycleAction, toCall callID: String, at: Date, keyID: String?) async throws -> LifecycleChange

    /// The call's timeline; nil when there is no such call.
    func timeline(callID: String) async throws -> CallTimeline?

    /// The dispatcher's board, oldest first: calls neither closed nor
    /// cancelled (nor imported with a disposition) that were received since
    /// `since` or still have a team on them. An older call nobody is on is
    /// history imported without its outcome, not a call waiting for a team.
    /// Read in a fixed number of queries, however many calls are open.
    func openCalls(receivedSince since: Date) async throws -> [OpenCall]

    /// The open call each assigned team is on.
    func openAssignments() async throws -> [String: String]
}

/// A call on the board: its timeline and what a dispatcher sees of it there.
public struct OpenCall: Hashable, Sendable {
    public var timeline: CallTimeline
    public var category: CallCategory
    public var priority: Int?
    public var location: Coordinate

    public init(timeline: CallTimeline, category: CallCategory, priority: Int?, location: Coordinate) {
        self.timeline = timeline
        self.category = category
        self.priority = priority
        self.location = location
    }
}
