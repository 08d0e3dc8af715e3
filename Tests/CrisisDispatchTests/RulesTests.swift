import Contract
import Foundation
import GeoCore
import Store
import Testing
@testable import CrisisDispatch

/// Every reason code is produced, and ranking follows level of care then ETA.
@Suite struct RulesTests {
    let call = Places.denver
    func at(_ metres: Double, bearing: Double = 0) -> Coordinate {
        Geodesic.wgs84.destination(from: call, azimuth: bearing, distance: metres)
    }

    @Test func teamReasons() {
        let engine = DispatchEngine(teams: [
            Places.team("T1", at: at(100), status: .enRoute),
            Places.team("T2", at: at(200), fixAgo: 3_600),
            Places.team("T3", at: at(300), skills: []),
            Places.team("T4", at: at(400), skills: ["spanish"]),
        ], facilities: [])
        let answer = engine.nearestTeams(TeamQuery(location: call, at: Places.noon, limit: 1, needs: ["spanish"]))
        #expect(answer.results.map(\.team.id) == ["T4"])
        #expect(answer.results[0].fixAge == 60)
        #expect(answer.etaMethod.rawValue == "straight_line")
        #expect(answer.excluded.map(\.record.id) == ["T1", "T2", "T3"])
        #expect(answer.excluded.map(\.reasons) == [[.notAvailable, .missingSkill], [.stalePosition, .missingSkill], [.missingSkill]])
    }

    @Test func aFixFromTheFutureIsStaleNotFreshForever() {
        let engine = DispatchEngine(teams: [
            Places.team("ahead", at: at(100), fixAgo: -86_400 * 365),
            Places.team("drift", at: at(200), fixAgo: -90),
            Places.team("beyond", at: at(300), fixAgo: -121),
        ], facilities: [])
        let answer = engine.nearestTeams(TeamQuery(location: call, at: Places.noon, limit: 3))
        #expect(answer.results.map(\.team.id) == ["drift"], "a clock 90 s fast is drift; beyond the 120 s skew it is a wrong clock")
        #expect(answer.excluded.map(\.record.id) == ["ahead"])
        #expect(answer.excluded.map(\.reasons) == [[.stalePosition]])
        let wide = DispatchEngine(teams: [Places.team("beyond", at: at(300), fixAgo: -121)], facilities: [],
                                  settings: DispatchSettings(clockSkew: ClockSkew(allowance: 600)))
        #expect(wide.nearestTeams(TeamQuery(location: call, at: Places.noon, limit: 1)).results.count == 1)
    }

    @Test func maxFixAgeIsAdjustablePerQuery() {
        let engine = DispatchEngine(teams: [Places.team("T1", at: at(100), fixAgo: 900)], facilities: [])
        #expect(engine.nearestTeams(TeamQuery(location: call, at: Places.noon)).results.isEmpty)
        #expect(engine.nearestTeams(TeamQuery(location: call, at: Places.noon, maxFixAge: 1_200)).results.count == 1)
    }

    @Test func facilityReasons() {
        // Sunday 14:00 in Denver.
        let engine = DispatchEngine(teams: [], facilities: [
            Places.facility("F1", at: at(100), kind: .outpatient, hours: "Mo-Fr 08:00-17:00", beds: nil),
            Places.facility("F2", at: at(200), beds: 0),
            Places.facility("F3", at: at(300), accepts: [.walkIn]),
            Places.facility("F4", at: at(400), ages: 10...17),
            Places.facility("F5", at: at(500), services: [.mentalHealth]),
            Places.facility("F6", at: at(600), kind: .detox, services: [.substanceUse]),
            Places.facility("F7", at: at(700), services: [.coOccurring]),
        ])
        let answer = engine.nearestFacilities(FacilityQuery(
            location: call, at: Places.noon, limit: 1, kinds: [.crisisStabilization, .outpatient],
            age: 30, policeTransport: true, services: [.substanceUse]))
        #expect(answer.results.map(\.facility.id) == ["F7"])
        let reasons = Dictionary(uniqueKeysWithValues: answer.excluded.map { ($0.record.id, $0.reasons) })
        #expect(reasons["F1"] == [.closedNow, .serviceNotOffered])
        #expect(reasons["F2"] == [.noBeds, .serviceNotOffered])
        #expect(reasons["F3"] == [.noLawEnforcementDropoff, .serviceNotOffered])
        #expect(reasons["F4"] == [.ageNotServed, .serviceNotOffered])
        #expect(reasons["F5"] == [.serviceNotOffered])
        #expect(reasons["F6"] == [.kindNotRequested])
        let produced = Set(answer.excluded.flatMap(\.reasons))
        #expect(produced.isSuperset(of: [.closedNow, .noBeds, .ageNotServed, .noLawEnforcementDropoff,
                                         .serviceNotOffered, .kindNotRequested]))
    }

    @Test func noRefusalCentresTakePoliceDropOffsWhateverTheirCensus() {
        let full = Places.facility("F1", at: at(100), beds: 0, accepts: [.noRefusal])
        let engine = DispatchEngine(teams: [], facilities: [full])
        let police = engine.nearestFacilities(FacilityQuery(location: call, at: Places.noon, policeTransport: true))
        #expect(police.results.map(\.facility.id) == ["F1"])
        let walkIn = engine.nearestFacilities(FacilityQuery(location: call, at: Places.noon))
        #expect(walkIn.results.isEmpty)
        #expect(walkIn.excluded.first?.reasons == [.noBeds])
    }

    @Test func leastRestrictiveLevelOfCareFirstThenETA() {
        let engine = DispatchEngine(teams: [], facilities: [
            Places.facility("ED", at: at(500), kind: .emergencyDepartment),
            Places.facility("CSU-far", at: at(3_000), kind: .crisisStabilization),
            Places.facility("CSU-near", at: at(1_000), kind: .crisisStabilization),
            Places.facility("PEER", at: at(4_000), kind: .peerRespite),
        ])
        let answer = engine.nearestFacilities(FacilityQuery(location: call, at: Places.noon, limit: 4))
        #expect(answer.results.map(\.facility.id) == ["PEER", "CSU-near", "CSU-far", "ED"])
        #expect(answer.results.map(\.rank) == [1, 2, 3, 4])
    }

    @Test func staleOrUnconfirmedBedCountsAreFlaggedNotHidden() throws {
        let engine = DispatchEngine(teams: [], facilities: [
            Places.facility("fresh", at: at(100), updatedAgo: 3_600),
            Places.facility("stale", at: at(200), updatedAgo: 13 * 3_600),
            Places.facility("unknown", at: at(300), beds: nil),
            Places.facility("clinic", at: at(400), kind: .outpatient, beds: nil),
        ])
        let answer = engine.nearestFacilities(FacilityQuery(location: call, at: Places.noon, limit: 4))
        let flags = Dictionary(uniqueKeysWithValues: answer.results.map { ($0.facility.id, $0.availabilityStale) })
        #expect(flags == ["fresh": false, "stale": true, "unknown": true, "clinic": false])
        let age = try #require(answer.results.first { $0.facility.id == "stale" }?.availabilityAge)
        #expect(abs(age - 13 * 3_600) < 1e-3)
    }

    @Test func straightLineETAUsesCircuityAndSpeed() {
        let engine = DispatchEngine(
            teams: [Places.team("T1", at: at(10_000))], facilities: [],
            settings: DispatchSettings(travelTime: StraightLineETA(circuity: 1.5, kilometresPerHour: 60)))
        let result = engine.nearestTeams(TeamQuery(location: call, at: Places.noon)).results[0]
        #expect(abs(result.eta - 10_000 * 1.5 / (60 / 3.6)) < 1e-6)
    }

    @Test func aQueryNoRecordCanPassStillSaysWhy() {
        let engine = DispatchEngine(teams: [], facilities: [
            Places.facility("F1", at: at(100), kind: .outpatient, beds: nil),
        ])
        let answer = engine.nearestFacilities(FacilityQuery(location: call, at: Places.noon, kinds: [.detox]))
        #expect(answer.results.isEmpty)
        #expect(answer.excluded.map(\.reasons) == [[.kindNotRequested]])
    }
}
