import ArgumentParser
import Contract
import CrisisDispatch
import Foundation
import Store

extension FacilityKind: ExpressibleByArgument {}

struct NearestFacilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nearest-facility",
        abstract: "Find the facilities that can take this person now, least restrictive first.",
        discussion: """
            Hard constraints first: --kind; open at the query time in the facility's own time \
            zone; beds free for bed-based kinds (unless --police-transport and the facility is \
            no_refusal); law-enforcement drop-off with --police-transport; --age within the ages \
            served; every --needs service offered (co_occurring counts for mental_health and \
            substance_use). Of the nearest --limit facilities that pass, the least restrictive \
            level of care comes first, then the shortest ETA.

            Level of care, least restrictive first: outpatient, peer_respite, shelter, \
            behavioral_health_urgent_care, sobering_center, crisis_stabilization, detox, \
            crisis_residential, emergency_department.

            Bed counts older than 12 hours (or never confirmed) are used but flagged \
            availability_stale. Nearer facilities a rule removed are listed with reasons: \
            kind_not_requested, closed_now, no_beds, no_law_enforcement_dropoff, \
            age_not_served, service_not_offered.

            Example:
              crisismap nearest-facility --lat 39.74 --lon -104.99 --police-transport
            """
    )

    @OptionGroup var query: QueryOptions

    @Option(help: ArgumentHelp("Only these kinds, comma-separated (e.g. crisis_stabilization,detox).", valueName: "kinds"))
    var kind: String?

    @Option(help: "The person's age in years.")
    var age: Int?

    @Flag(name: .customLong("police-transport"), help: "Police will transport: require law-enforcement drop-off.")
    var policeTransport = false

    @Option(help: ArgumentHelp("Services needed, comma-separated: mental_health, substance_use, co_occurring, medical_clearance.", valueName: "services"))
    var needs: String?

    @OptionGroup var eta: ETAOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let age, !(0...130).contains(age) { throw ValidationError("--age must be between 0 and 130") }
        _ = try kinds()
        _ = try services()
    }

    func run() async throws {
        let opened = try await store.open()
        let engine = DispatchEngine(teams: [], facilities: try await opened.facilities.all(), settings: try await eta.settings(store: opened))
        let answer = engine.nearestFacilities(FacilityQuery(
            location: try query.location(), at: try query.time(), limit: query.limit, kinds: try kinds(),
            age: age, policeTransport: policeTransport, services: try services()))
        if query.json {
            print(RecommendationJSON(answer).jsonText)
        } else {
            print(FacilityTable(answer).text)
        }
    }

    private func kinds() throws -> Set<FacilityKind>? {
        let kinds: [FacilityKind] = try enumList(kind, option: "--kind", noun: "kind")
        return kinds.isEmpty ? nil : Set(kinds)
    }

    private func services() throws -> [FacilityService] {
        try enumList(needs, option: "--needs", noun: "service")
    }
}
