/// Why a candidate nearer than the last recommendation was passed over.
/// The raw values are a contract (DESIGN.md): scripts match on them.
public enum ExclusionReason: String, CaseIterable, Sendable, Codable {
    // Facilities
    case closedNow = "closed_now"
    case noBeds = "no_beds"
    case ageNotServed = "age_not_served"
    case noLawEnforcementDropoff = "no_law_enforcement_dropoff"
    case serviceNotOffered = "service_not_offered"
    case kindNotRequested = "kind_not_requested"
    // Teams
    case notAvailable = "not_available"
    case stalePosition = "stale_position"
    case missingSkill = "missing_skill"
    /// On an open call (the exclusion names it for dispatchers).
    case assigned
}
