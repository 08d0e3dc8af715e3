import Contract
import Foundation

/// The engine's configurable rules, with DESIGN.md's defaults.
public struct DispatchSettings: Sendable {
    /// Positions older than this are stale and their teams are not recommended.
    public var maxFixAge: TimeInterval
    /// Bed counts older than this are still used but flagged `availability_stale`.
    public var availabilityStaleAfter: TimeInterval
    public var travelTime: any TravelTimeModel
    /// Candidates farther than this (metres) are never considered. 1,000 km
    /// covers the longest realistic transfer in rural Alaska and keeps a
    /// query with no possible answer from walking a whole registry.
    public var maxDistance: Double
    /// How far ahead of the clock here a reported time may be: a fix stamped
    /// later than this after the query time is treated as stale, and the
    /// server refuses live updates beyond it.
    public var clockSkew: ClockSkew

    public init(
        maxFixAge: TimeInterval = 10 * 60,
        availabilityStaleAfter: TimeInterval = 12 * 3600,
        travelTime: any TravelTimeModel = StraightLineETA(),
        maxDistance: Double = 1_000_000,
        clockSkew: ClockSkew = ClockSkew()
    ) {
        self.clockSkew = clockSkew
        self.maxFixAge = maxFixAge
        self.availabilityStaleAfter = availabilityStaleAfter
        self.travelTime = travelTime
        self.maxDistance = maxDistance
    }
}
