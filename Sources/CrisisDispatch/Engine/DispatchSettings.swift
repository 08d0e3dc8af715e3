import Foundation

/// The engine's configurable rules, with DESIGN.md's defaults.
public struct DispatchSettings: Sendable {
    /// Positions older than this are stale and their teams are not recommended.
    public var maxFixAge: TimeInterval
    /// Bed counts older than this are still used but flagged `availability_stale`.
    public var availabilityStaleAfter: TimeInterval
    public var travelTime: any TravelTimeModel

    public init(
        maxFixAge: TimeInterval = 10 * 60,
        availabilityStaleAfter: TimeInterval = 12 * 3600,
        travelTime: any TravelTimeModel = StraightLineETA()
    ) {
        self.maxFixAge = maxFixAge
        self.availabilityStaleAfter = availabilityStaleAfter
        self.travelTime = travelTime
    }
}
