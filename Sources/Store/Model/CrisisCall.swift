import Foundation
import GeoCore

/// One crisis call. Its exact location is sensitive health information:
/// only dispatcher and admin roles read single calls.
public struct CrisisCall: Hashable, Sendable, Identifiable {
    public var id: String
    public var receivedAt: Date
    public var category: CallCategory
    public var location: Coordinate
    /// 1 (most urgent) to 5.
    public var priority: Int?
    public var disposition: Disposition?
    public var teamID: String?
    public var facilityID: String?
    /// The team's measured timeline (imported, or kept as its steps are made).
    public var times: CallTimes
    public var extra: [String: JSONValue]

    public init(
        id: String, receivedAt: Date, category: CallCategory, location: Coordinate,
        priority: Int? = nil, disposition: Disposition? = nil, teamID: String? = nil,
        facilityID: String? = nil, times: CallTimes = CallTimes(), extra: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.category = category
        self.location = location
        self.priority = priority
        self.disposition = disposition
        self.teamID = teamID
        self.facilityID = facilityID
        self.times = times
        self.extra = extra
    }
}

public enum CallCategory: String, CaseIterable, Sendable, Codable {
    case suicideRisk = "suicide_risk"
    case overdose
    case psychiatric
    case welfareCheck = "welfare_check"
    case substanceUse = "substance_use"
    case disturbance
    case other
}

public enum Disposition: String, CaseIterable, Sendable, Codable {
    case resolvedOnScene = "resolved_on_scene"
    case transportedFacility = "transported_facility"
    case hospitalized
    case arrest
    case referred
}
