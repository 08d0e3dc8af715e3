import Store

/// How HSDS taxonomy terms and attribute labels map onto facility fields.
/// Directories use many taxonomies (Open Eligibility, AIRS/211 LA, local
/// ones), so matching is by keywords in the term's name or code, in the
/// order below: the first kind that matches wins.
enum HSDSTerms {
    static let kinds: [(keywords: [String], kind: FacilityKind)] = [
        (["crisis stabilization", "crisis stabilisation", "crisis receiving", "crisis relief", "23-hour", "23 hour"], .crisisStabilization),
        (["crisis residential"], .crisisResidential),
        (["behavioral health urgent care", "mental health urgent care", "urgent care"], .behavioralHealthUrgentCare),
        (["sobering"], .soberingCenter),
        (["detox", "withdrawal management"], .detox),
        (["peer respite", "peer-run respite"], .peerRespite),
        (["emergency department", "emergency room", "psychiatric emergency"], .emergencyDepartment),
        (["shelter"], .shelter),
        (["outpatient", "counseling", "counselling", "clinic"], .outpatient),
    ]

    static let services: [(keywords: [String], service: FacilityService)] = [
        (["co-occurring", "co occurring", "dual diagnosis"], .coOccurring),
        (["substance", "addiction", "alcohol", "opioid", "detox"], .substanceUse),
        (["mental health", "psychiatric", "behavioral health"], .mentalHealth),
        (["medical clearance"], .medicalClearance),
    ]

    static let accepts: [(keywords: [String], acceptance: Acceptance)] = [
        (["no refusal", "no-refusal"], .noRefusal),
        (["law enforcement", "police drop", "police drop-off"], .lawEnforcementDropoff),
        (["walk-in", "walk in"], .walkIn),
        (["involuntary", "72-hour hold", "m1 hold"], .involuntaryHold),
    ]

    /// What a set of terms says about a facility; terms that said nothing are returned too.
    static func classify(_ terms: [String]) -> (kind: FacilityKind?, services: [FacilityService], accepts: [Acceptance], unused: [String]) {
        var kind: FacilityKind?
        var services: [FacilityService] = []
        var accepts: [Acceptance] = []
        var unused: [String] = []
        let lowered = terms.map { $0.lowercased() }
        for entry in kinds where kind == nil && lowered.contains(where: { term in entry.keywords.contains { term.contains($0) } }) {
            kind = entry.kind
        }
        for (term, original) in zip(lowered, terms) {
            var used = kinds.contains { $0.keywords.contains { term.contains($0) } }
            for entry in self.services where entry.keywords.contains(where: { term.contains($0) }) {
                used = true
                if !services.contains(entry.service) { services.append(entry.service) }
            }
            for entry in self.accepts where entry.keywords.contains(where: { term.contains($0) }) {
                used = true
                if !accepts.contains(entry.acceptance) { accepts.append(entry.acceptance) }
            }
            if !used { unused.append(original) }
        }
        return (kind, services, accepts, unused)
    }
}
