import Foundation
import GeoCore

/// A unit that responds to crisis calls, with its last known position.
public struct Team: Hashable, Sendable, Identifiable {
    public var id: String
    public var callSign: String?
    public var model: TeamModel
    public var status: TeamStatus
    public var location: Coordinate
    /// When the position was fixed; freshness is judged against this.
    public var fixAt: Date
    public var skills: [String]
    public var agency: String?
    public var extra: [String: JSONValue]

    public init(
        id: String, callSign: String? = nil, model: TeamModel, status: TeamStatus,
        location: Coordinate, fixAt: Date, skills: [String] = [], agency: String? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.callSign = callSign
        self.model = model
        self.status = status
        self.location = location
        self.fixAt = fixAt
        self.skills = skills
        self.agency = agency
        self.extra = extra
    }
}

public enum TeamModel: String, CaseIterable, Sendable, Codable {
    case coResponderRideAlong = "co_responder_ride_along"
    case coResponderOnCall = "co_responder_on_call"
    case mobileCrisis = "mobile_crisis"
    case citOfficer = "cit_officer"
    case clinicianOnly = "clinician_only"
}

public enum TeamStatus: String, CaseIterable, Sendable, Codable {
    case available
    case dispatched
    case enRoute = "en_route"
    case onScene = "on_scene"
    case transporting
    case outOfService = "out_of_service"
    case offDuty = "off_duty"
}
