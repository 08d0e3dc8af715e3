import Contract
import Foundation
import GeoCore
import Store

/// What a dispatcher asks for: a team for a call at a place and time.
public struct TeamQuery: Sendable {
    public var location: Coordinate
    public var at: Date
    public var limit: Int
    /// Skills every recommended team must have (e.g. `spanish`, `youth`).
    public var needs: [String]
    /// Positions older than this at `at` are stale; nil uses the engine's default (10 minutes).
    public var maxFixAge: TimeInterval?

    public init(location: Coordinate, at: Date, limit: Int = 5, needs: [String] = [], maxFixAge: TimeInterval? = nil) {
        self.location = location
        self.at = at
        self.limit = limit
        self.needs = needs
        self.maxFixAge = maxFixAge
    }
}

/// The team rules of DESIGN.md: only `available` teams with a fresh
/// position fix and every needed skill are recommended.
enum TeamRules {
    static func reasons(
        for team: Team, query: TeamQuery, maxFixAge: TimeInterval, clockSkew: ClockSkew, assignedCalls: [String: String] = [:]
    ) -> [ExclusionReason] {
        var reasons: [ExclusionReason] = []
        if team.status != .available { reasons.append(.notAvailable) }
        if assignedCalls[team.id] != nil { reasons.append(.assigned) }
        // A fix from the future comes from a wrong clock: where the team is now is unknown.
        if fixAge(of: team, at: query.at) > maxFixAge || clockSkew.isAhead(team.fixAt, of: query.at) {
            reasons.append(.stalePosition)
        }
        if !query.needs.allSatisfy(team.skills.contains) { reasons.append(.missingSkill) }
        return reasons
    }

    /// Seconds since the fix; a fix stamped after the query time counts as fresh.
    static func fixAge(of team: Team, at date: Date) -> TimeInterval {
        max(0, date.timeIntervalSince(team.fixAt))
    }
}
