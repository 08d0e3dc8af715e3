import Foundation
import GeoCore

/// A place a person in crisis can be taken to or referred to.
public struct Facility: Hashable, Sendable, Identifiable {
    public var id: String
    public var name: String
    public var kind: FacilityKind
    public var location: Coordinate
    public var address: String?
    public var phone: String?
    public var accepts: [Acceptance]
    public var ageMin: Int?
    public var ageMax: Int?
    public var services: [FacilityService]
    public var languages: [String]
    public var payers: [String]
    /// IANA time zone the schedule is read in, e.g. `America/Denver`.
    public var timeZone: String
    /// Weekly schedule; nil means open 24/7 (the file said nothing).
    public var hours: OpeningHours?
    public var bedsTotal: Int?
    public var bedsAvailable: Int?
    public var availabilityUpdatedAt: Date?
    public var extra: [String: JSONValue]

    public init(
        id: String, name: String, kind: FacilityKind, location: Coordinate,
        address: String? = nil, phone: String? = nil, accepts: [Acceptance] = [],
        ageMin: Int? = nil, ageMax: Int? = nil, services: [FacilityService] = [],
        languages: [String] = [], payers: [String] = [], timeZone: String,
        hours: OpeningHours? = nil, bedsTotal: Int? = nil, bedsAvailable: Int? = nil,
        availabilityUpdatedAt: Date? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.location = location
        self.address = address
        self.phone = phone
        self.accepts = accepts
        self.ageMin = ageMin
        self.ageMax = ageMax
        self.services = services
        self.languages = languages
        self.payers = payers
        self.timeZone = timeZone
        self.hours = hours
        self.bedsTotal = bedsTotal
        self.bedsAvailable = bedsAvailable
        self.availabilityUpdatedAt = availabilityUpdatedAt
        self.extra = extra
    }
}

public enum FacilityKind: String, CaseIterable, Sendable, Codable {
    case crisisStabilization = "crisis_stabilization"
    case behavioralHealthUrgentCare = "behavioral_health_urgent_care"
    case crisisResidential = "crisis_residential"
    case emergencyDepartment = "emergency_department"
    case detox
    case soberingCenter = "sobering_center"
    case outpatient
    case shelter
    case peerRespite = "peer_respite"
}

/// Who a facility takes in, and how.
public enum Acceptance: String, CaseIterable, Sendable, Codable {
    case lawEnforcementDropoff = "law_enforcement_dropoff"
    case walkIn = "walk_in"
    case involuntaryHold = "involuntary_hold"
    /// Must take every law-enforcement drop-off whatever its census.
    case noRefusal = "no_refusal"
}

public enum FacilityService: String, CaseIterable, Sendable, Codable {
    case mentalHealth = "mental_health"
    case substanceUse = "substance_use"
    case coOccurring = "co_occurring"
    case medicalClearance = "medical_clearance"
}
