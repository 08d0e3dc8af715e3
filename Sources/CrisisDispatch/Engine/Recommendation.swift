import Contract
import Foundation
import GeoCore
import Store

/// A recommended team with its distance, ETA and the age of its position.
public struct TeamResult: Sendable {
    public var team: Team
    public var rank: Int
    /// Geodesic (WGS84) distance in metres.
    public var distance: Double
    public var eta: TimeInterval
    /// How `eta` was found, when it differs from the answer's method (a road
    /// model falling back to the straight line for a point off the network).
    public var etaMethod: ETAMethod?
    /// By road: metres between the team and the road it was snapped to.
    public var snapDistance: Double?
    /// Seconds since the position fix at the query time: freshness is shown, never hidden.
    public var fixAge: TimeInterval
    /// The path to draw, when asked for and the travel model knows one.
    public var route: [Coordinate]? = nil
}

/// A recommended facility with its distance, ETA and how much to trust its bed count.
public struct FacilityResult: Sendable {
    public var facility: Facility
    public var rank: Int
    public var distance: Double
    public var eta: TimeInterval
    /// As for teams: set only when it differs from the answer's method.
    public var etaMethod: ETAMethod?
    public var snapDistance: Double?
    public var levelOfCare: Int
    /// Seconds since the bed count was confirmed; nil when never reported.
    public var availabilityAge: TimeInterval?
    /// True when the bed count is older than the configured age or was never
    /// confirmed: it is still used, but must not be presented as fact.
    public var availabilityStale: Bool
    /// As for teams.
    public var route: [Coordinate]? = nil
}

/// A nearer candidate a rule removed, with every reason that applied.
public struct Exclusion<Record: Sendable>: Sendable {
    public var record: Record
    public var distance: Double
    public var reasons: [ExclusionReason]
    /// The open call a team excluded as `assigned` is on.
    public var callID: String? = nil
}

/// An answer: the ranked results, the nearer candidates passed over and why,
/// and which ETA method produced the times.
public struct Recommendation<Result: Sendable, Record: Sendable>: Sendable {
    public var location: Coordinate
    public var at: Date
    public var etaMethod: ETAMethod
    public var results: [Result]
    public var excluded: [Exclusion<Record>]
    /// By road: metres between the call and the road it was snapped to.
    public var snapDistance: Double? = nil
}

public typealias TeamRecommendation = Recommendation<TeamResult, Team>
public typealias FacilityRecommendation = Recommendation<FacilityResult, Facility>
