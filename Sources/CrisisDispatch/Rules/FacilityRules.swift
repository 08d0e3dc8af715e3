import Foundation
import GeoCore
import Store
import Synchronization

/// What a clinician on scene asks for: where this person can go now.
public struct FacilityQuery: Sendable {
    public var location: Coordinate
    public var at: Date
    public var limit: Int
    /// Only these kinds; nil for any.
    public var kinds: Set<FacilityKind>?
    public var age: Int?
    /// Police transport: the facility must accept law-enforcement drop-off.
    public var policeTransport: Bool
    public var services: [FacilityService]

    public init(
        location: Coordinate, at: Date, limit: Int = 5, kinds: Set<FacilityKind>? = nil, age: Int? = nil,
        policeTransport: Bool = false, services: [FacilityService] = []
    ) {
        self.location = location
        self.at = at
        self.limit = limit
        self.kinds = kinds
        self.age = age
        self.policeTransport = policeTransport
        self.services = services
    }
}

/// The facility rules of DESIGN.md: hard constraints first, then ranking by
/// level of care (least restrictive first) and ETA.
public enum FacilityRules {
    /// Kinds whose intake is limited by beds. Emergency departments take
    /// everyone (EMTALA) and clinics have no beds, so neither is bed-gated.
    public static let bedBasedKinds: Set<FacilityKind> = [
        .crisisStabilization, .crisisResidential, .detox, .soberingCenter, .shelter, .peerRespite,
    ]

    /// Level of care, least restrictive first: a person should go to the
    /// least intensive, least coercive setting that meets the need (the
    /// Crisis Now continuum: care close to home before a locked unit, an
    /// emergency department last). Lower ranks first.
    public static func levelOfCare(_ kind: FacilityKind) -> Int {
        switch kind {
        case .outpatient: 1
        case .peerRespite: 2
        case .shelter: 3
        case .behavioralHealthUrgentCare: 4
        case .soberingCenter: 5
        case .crisisStabilization: 6
        case .detox: 7
        case .crisisResidential: 8
        case .emergencyDepartment: 9
        }
    }

    static func reasons(for facility: Facility, query: FacilityQuery, clock: LocalClock) -> [ExclusionReason] {
        var reasons: [ExclusionReason] = []
        if let kinds = query.kinds, !kinds.contains(facility.kind) { reasons.append(.kindNotRequested) }
        if let hours = facility.hours, !hours.isAlwaysOpen, let local = clock.time(in: facility.timeZone),
           !hours.isOpen(at: local) {
            reasons.append(.closedNow)
        }
        let noRefusal = query.policeTransport && facility.accepts.contains(.noRefusal)
        if bedBasedKinds.contains(facility.kind), let beds = facility.bedsAvailable, beds <= 0, !noRefusal {
            reasons.append(.noBeds)
        }
        if query.policeTransport,
           !facility.accepts.contains(.lawEnforcementDropoff), !facility.accepts.contains(.noRefusal) {
            reasons.append(.noLawEnforcementDropoff)
        }
        if let age = query.age {
            if let minimum = facility.ageMin, age < minimum { reasons.append(.ageNotServed) }
            else if let maximum = facility.ageMax, age > maximum { reasons.append(.ageNotServed) }
        }
        if !query.services.allSatisfy({ offers(facility, $0) }) { reasons.append(.serviceNotOffered) }
        return reasons
    }

    /// A co-occurring program treats both mental health and substance use.
    static func offers(_ facility: Facility, _ service: FacilityService) -> Bool {
        if facility.services.contains(service) { return true }
        switch service {
        case .mentalHealth, .substanceUse: return facility.services.contains(.coOccurring)
        case .coOccurring, .medicalClearance: return false
        }
    }
}

/// The local wall-clock time of one instant in each time zone a query meets,
/// computed once per zone: calendars and zone lookups cost microseconds, and
/// a query may test hundreds of facilities in the same zone.
final class LocalClock: Sendable {
    let instant: Date
    private let times = Mutex<[String: LocalTime?]>([:])

    init(_ instant: Date) {
        self.instant = instant
    }

    func time(in zone: String) -> LocalTime? {
        times.withLock { cache in
            if let known = cache[zone] { return known }
            let time = TimeZone(identifier: zone).map { LocalTime(instant, in: $0) }
            cache[zone] = time
            return time
        }
    }
}
