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
/// Sets are bit masks: the engine tests every class of the roster on every
/// query (to know when all admissible facilities have been seen), and set
/// hashing was a sixth of a recommendation's time.
struct FacilityClass: Hashable {
    var kind: FacilityKind
    var accepts: UInt32
    var services: UInt32
    var ageMin: Int?
    var ageMax: Int?

    init(_ facility: Facility) {
        kind = facility.kind
        accepts = CaseMask.of(facility.accepts)
        services = CaseMask.of(facility.services)
        ageMin = facility.ageMin
        ageMax = facility.ageMax
    }

    /// A query's rules as masks, built once per query.
    struct Filter {
        var kinds: UInt32?
        var policeTransport: Bool
        var age: Int?
        /// One mask per needed service: the services that satisfy it.
        var services: [UInt32]

        init(_ query: FacilityQuery) {
            kinds = query.kinds.map { CaseMask.of($0) }
            policeTransport = query.policeTransport
            age = query.age
            services = query.services.map { service in
                var satisfying = CaseMask.bit(service)
                // A co-occurring program treats mental health and substance use both.
                if service == .mentalHealth || service == .substanceUse { satisfying |= CaseMask.bit(FacilityService.coOccurring) }
                return satisfying
            }
        }

        static let dropOff = CaseMask.bit(Acceptance.lawEnforcementDropoff) | CaseMask.bit(Acceptance.noRefusal)
    }

    func admits(_ filter: Filter) -> Bool {
        if let kinds = filter.kinds, kinds & CaseMask.bit(kind) == 0 { return false }
        if filter.policeTransport, accepts & Filter.dropOff == 0 { return false }
        if let age = filter.age {
            if let ageMin, age < ageMin { return false }
            if let ageMax, age > ageMax { return false }
        }
        return filter.services.allSatisfy { services & $0 != 0 }
    }

    /// The same test on a facility, without keeping its class.
    static func admits(_ facility: Facility, _ filter: Filter) -> Bool {
        FacilityClass(facility).admits(filter)
    }
}

/// One bit per enum case, in declaration order.
enum CaseMask {
    static func bit<Value: CaseIterable & Equatable>(_ value: Value) -> UInt32 {
        let index = Value.allCases.firstIndex(of: value).map { Value.allCases.distance(from: Value.allCases.startIndex, to: $0) } ?? 0
        return 1 << UInt32(index)
    }

    static func of<Values: Sequence>(_ values: Values) -> UInt32 where Values.Element: CaseIterable & Equatable {
        values.reduce(0) { $0 | bit($1) }
    }
}
