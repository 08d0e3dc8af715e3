import Foundation
import GeoCore
import Store

/// Seconds spent in each step of a planning computation, for benchmarks.
struct Stopwatch {
    private let clock = ContinuousClock()
    private var mark: ContinuousClock.Instant
    private(set) var timings: [String: Double] = [:]

    init() { mark = clock.now }

    mutating func lap(_ step: String) {
        let now = clock.now
        let elapsed = now - mark
        timings[step] = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        mark = now
    }
}

/// Each call's area and its times to care: to the nearest crisis facility
/// and from the nearest team, by road where the network answers (a call it
/// cannot place keeps the straight-line time and counts as off the network).
/// What per-area figures and private releases are both counted from.
public struct CallTimes: Sendable {
    /// Index into the areas sorted by id; -1 outside every area. A call in overlapping areas counts for the first.
    public var areaOfCall: [Int32]
    public var facility: [Double?]
    public var team: [Double?]
    public var offNetwork: [Bool]
    public var outside: Int
    public var overlapping: Int

    public var offNetworkCount: Int { offNetwork.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// `areas` must be sorted by id.
    public static func measure(_ inputs: PlanningInputs, _ settings: PlanningSettings, areas: [Area]) throws -> CallTimes {
        var stopwatch = Stopwatch()
        let projection = try PlanningProjection(areas: areas, calls: inputs.calls)
        return try measure(inputs, settings, areas: areas, projection: projection, stopwatch: &stopwatch)
    }

    static func measure(
        _ inputs: PlanningInputs, _ settings: PlanningSettings, areas: [Area], projection: PlanningProjection, stopwatch: inout Stopwatch
    ) throws -> CallTimes {
        let calls = inputs.calls
        let (callX, callY) = projection.project(lats: calls.latitudes, lons: calls.longitudes)
        let (facilityX, facilityY) = projection.project(inputs.facilities)
        let facilityIndex = PlanarIndex(xs: facilityX, ys: facilityY)
        let (teamX, teamY) = projection.project(inputs.teams)
        let teamIndex = PlanarIndex(xs: teamX, ys: teamY)

        let locator = AreaLocator(areas)
        var areaOfCall = [Int32](repeating: -1, count: calls.count)
        var outside = 0, overlapping = 0
        for index in 0..<calls.count {
            let found = locator.areas(containing: calls.latitudes[index], calls.longitudes[index])
            if let first = found.first { areaOfCall[index] = Int32(first) } else { outside += 1 }
            if found.count > 1 { overlapping += 1 }
        }
        stopwatch.lap("assign")

        let roads = settings.roads.map(RoadPlanningTimes.init)
        let callSnaps = roads?.snaps(of: calls) ?? []
        let roadToFacility = roads?.nearest(inputs.facilities, calls: callSnaps, toSources: true)
        let roadFromTeam = roads?.nearest(inputs.teams, calls: callSnaps, toSources: false)
        var facility = [Double?](repeating: nil, count: calls.count)
        var team = [Double?](repeating: nil, count: calls.count)
        var offNetwork = [Bool](repeating: false, count: calls.count)
        for index in 0..<calls.count {
            if let time = roadToFacility?[index] {
                facility[index] = time
            } else if let distance = facilityIndex.nearestDistance(x: callX[index], y: callY[index]) {
                if roads != nil { offNetwork[index] = true }
                facility[index] = settings.travelTime(distance)
            }
            if let time = roadFromTeam?[index] {
                team[index] = time
            } else if let distance = teamIndex.nearestDistance(x: callX[index], y: callY[index]) {
                team[index] = settings.travelTime(distance)
            }
        }
        return CallTimes(areaOfCall: areaOfCall, facility: facility, team: team, offNetwork: offNetwork,
                         outside: outside, overlapping: overlapping)
    }
}

/// What an area's figures owe to places and people, not to calls: 2SFCA
/// accessibility from its centroid and the beds inside it, both from the supply sites.
struct AreaAccess {
    var plain: [Double]
    var enhanced: [Double]
    var bedsInside: [Double]

    static func compute(_ inputs: PlanningInputs, _ settings: PlanningSettings, areas: [Area], projection: PlanningProjection) throws -> AreaAccess {
        let sites = inputs.supply
        let (siteX, siteY) = projection.project(sites.map(\.location))
        let centroids = areas.map { projection.centroid(of: $0) }
        var cost = [Double](repeating: 0, count: areas.count * sites.count)
        if let roads = settings.roads.map(RoadPlanningTimes.init), !settings.catchmentInMetres {
            let origins = centroids.map { projection.unproject(x: $0.x, y: $0.y) }
            cost = roads.matrix(from: origins, to: sites.map(\.location), limit: settings.catchment)
        } else {
            for (k, centroid) in centroids.enumerated() {
                for j in sites.indices {
                    let dx = siteX[j] - centroid.x, dy = siteY[j] - centroid.y
                    let distance = (dx * dx + dy * dy).squareRoot()
                    cost[k * sites.count + j] = settings.catchmentInMetres ? distance : settings.travelTime(distance)
                }
            }
        }
        let demand = areas.map { Double($0.population) }
        let supply = sites.map(\.capacity)
        let locator = AreaLocator(areas)
        var bedsInside = [Double](repeating: 0, count: areas.count)
        for site in sites {
            if let area = locator.areas(containing: site.location.latitude, site.location.longitude).first { bedsInside[area] += site.capacity }
        }
        return AreaAccess(
            plain: TwoStepFCA.accessibility(demand: demand, supply: supply, cost: cost, zones: TwoStepFCA.plain(catchment: settings.catchment)),
            enhanced: TwoStepFCA.accessibility(demand: demand, supply: supply, cost: cost, zones: settings.zones),
            bedsInside: bedsInside)
    }

    /// The area's row with its call-free figures filled in and no call figures yet.
    func row(_ k: Int, area: Area, settings: PlanningSettings) -> AreaFigures {
        let people = Double(area.population)
        return AreaFigures(
            id: area.id, name: area.name, population: area.population, calls: 0, callsPer1000: nil,
            arrestShare: nil, hospitalizedShare: nil, etaP50: nil, etaP90: nil, teamEtaP50: nil, teamEtaP90: nil,
            withinTargetShare: nil, access2SFCA: plain[k], accessE2SFCA: enhanced[k],
            bedsPer100k: people > 0 ? bedsInside[k] / people * 100_000 : nil,
            bedsShortfallPer100k: people > 0 ? settings.targetBedsPer100k.map { $0 - bedsInside[k] / people * 100_000 } : nil,
            score: 0, rank: 0, drivers: [])
    }
}
