import Store

/// The time-independent attributes of a team that decide whether it can
/// ever be recommended for a query (status and skills; freshness changes by
/// the minute, so it is not part of the class).
struct TeamClass: Hashable {
    var status: TeamStatus
    var skills: Set<String>

    init(_ team: Team) {
        status = team.status
        skills = Set(team.skills)
    }

    func admits(_ query: TeamQuery) -> Bool {
        status == .available && query.needs.allSatisfy(skills.contains)
    }

    /// The same test on a team, without building its class.
    static func admits(_ team: Team, _ query: TeamQuery) -> Bool {
        team.status == .available && query.needs.allSatisfy(team.skills.contains)
    }
}

/// The time-independent attributes of a facility that decide whether it can
/// ever pass a query's rules (opening hours and beds change; these do not).
struct FacilityClass: Hashable {
    var kind: FacilityKind
    var accepts: Set<Acceptance>
    var services: Set<FacilityService>
    var ageMin: Int?
    var ageMax: Int?

    init(_ facility: Facility) {
        kind = facility.kind
        accepts = Set(facility.accepts)
        services = Set(facility.services)
        ageMin = facility.ageMin
        ageMax = facility.ageMax
    }

    func admits(_ query: FacilityQuery) -> Bool {
        Self.admits(kind: kind, accepts: accepts, services: services, ageMin: ageMin, ageMax: ageMax, query)
    }

    /// The same test on a facility, without building its class.
    static func admits(_ facility: Facility, _ query: FacilityQuery) -> Bool {
        admits(kind: facility.kind, accepts: facility.accepts, services: facility.services,
               ageMin: facility.ageMin, ageMax: facility.ageMax, query)
    }

    private static func admits(
        kind: FacilityKind, accepts: some Sequence<Acceptance>, services: some Sequence<FacilityService>,
        ageMin: Int?, ageMax: Int?, _ query: FacilityQuery
    ) -> Bool {
        if let kinds = query.kinds, !kinds.contains(kind) { return false }
        if query.policeTransport, !accepts.contains(.lawEnforcementDropoff), !accepts.contains(.noRefusal) { return false }
        if let age = query.age {
            if let ageMin, age < ageMin { return false }
            if let ageMax, age > ageMax { return false }
        }
        return query.services.allSatisfy { service in
            services.contains(service)
                || ((service == .mentalHealth || service == .substanceUse) && services.contains(.coOccurring))
        }
    }
}
