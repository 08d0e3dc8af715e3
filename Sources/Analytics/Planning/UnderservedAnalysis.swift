import Foundation
import GeoCore
import Routing
import Store

/// What per-area figures are computed from.
public struct PlanningInputs: Sendable {
    public struct Site: Sendable {
        public var location: Coordinate
        /// Beds (or places) it offers: the 2SFCA supply.
        public var capacity: Double

        public init(location: Coordinate, capacity: Double) {
            self.location = location
            self.capacity = capacity
        }
    }

    public var areas: [Area]
    public var calls: CallPoints
    /// Crisis receiving facilities: where ETAs go and whose beds are the supply.
    public var facilities: [Site]
    /// Team bases or last positions.
    public var teams: [Coordinate]

    public init(areas: [Area], calls: CallPoints, facilities: [Site], teams: [Coordinate]) {
        self.areas = areas
        self.calls = calls
        self.facilities = facilities
        self.teams = teams
    }
}

public struct PlanningSettings: Sendable {
    /// Travel time in seconds for a straight-line distance in metres (the dispatch ETA model).
    public var travelTime: @Sendable (Double) -> Double
    /// Names the model in every output (`straight_line`, later `road_network`).
    public var etaMethod: String
    /// The response-time target for the within-target share, seconds.
    public var targetSeconds: Double
    /// 2SFCA catchment and E2SFCA zones, in seconds of travel or metres (`catchmentInMetres`).
    public var catchment: Double
    public var zones: [TwoStepFCA.Zone]
    public var catchmentInMetres: Bool
    /// Beds per 100,000 residents to compare against, if any.
    public var targetBedsPer100k: Double?
    /// Drive times over roads instead of `travelTime` (then `etaMethod` is `road_network`).
    public var roads: RoadRouter?

    public init(
        travelTime: @escaping @Sendable (Double) -> Double, etaMethod: String, targetSeconds: Double = 1_800,
        catchment: Double = 1_800, zones: [TwoStepFCA.Zone] = TwoStepFCA.luoQi, catchmentInMetres: Bool = false,
        targetBedsPer100k: Double? = nil, roads: RoadRouter? = nil
    ) {
        self.roads = roads
        self.travelTime = travelTime
        self.etaMethod = etaMethod
        self.targetSeconds = targetSeconds
        self.catchment = catchment
        self.zones = zones
        self.catchmentInMetres = catchmentInMetres
        self.targetBedsPer100k = targetBedsPer100k
    }
}

/// One area's figures. Optional figures are nil where they are undefined
/// (no residents, no calls): outputs leave them empty, never NaN.
public struct AreaFigures: Sendable {
    public var id: String
    public var name: String
    public var population: Int
    public var calls: Int
    public var callsPer1000: Double?
    public var arrestShare: Double?
    public var hospitalizedShare: Double?
    public var etaP50: Double?
    public var etaP90: Double?
    public var teamEtaP50: Double?
    public var teamEtaP90: Double?
    public var withinTargetShare: Double?
    public var access2SFCA: Double
    public var accessE2SFCA: Double
    public var bedsPer100k: Double?
    /// Target minus actual beds per 100,000 (positive: short of the target), when a target is set.
    public var bedsShortfallPer100k: Double?
    public var score: Double
    public var rank: Int
    /// The figures that drove the rank, strongest first ("calls_per_1000 +1.8 sd").
    public var drivers: [String]
}

public struct UnderservedReport: Sendable {
    public var rows: [AreaFigures]
    public var etaMethod: String
    public var callsOutsideAreas: Int
    public var callsInOverlaps: Int
    public var areasWithoutPopulation: [String]
    public var crs: String
    /// Seconds spent in each step (assign, etas, access, score), for benchmarks.
    public var timings: [String: Double]
    /// With road ETAs: calls farther than the snap limit from every road, timed by straight line instead.
    public var callsOffRoadNetwork: Int?
}

/// Per-area figures and the underserved ranking.
///
/// Distances are measured in the local UTM zone (within 0.1% of the
/// geodesic across a county) and turned into times by the dispatch ETA
/// model. A call in overlapping areas counts for the first by id.
public enum UnderservedAnalysis {
    public static func run(_ inputs: PlanningInputs, _ settings: PlanningSettings) throws -> UnderservedReport {
        let clock = ContinuousClock()
        var timings: [String: Double] = [:]
        var mark = clock.now
        func lap(_ step: String) {
            let now = clock.now
            let elapsed = now - mark
            timings[step] = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            mark = now
        }
        let areas = inputs.areas.sorted { $0.id < $1.id }
        let projection = try PlanningProjection(areas: areas, calls: inputs.calls)
        let (callX, callY) = projection.project(lats: inputs.calls.latitudes, lons: inputs.calls.longitudes)
        let (facilityX, facilityY) = projection.project(inputs.facilities.map(\.location))
        let facilityIndex = PlanarIndex(xs: facilityX, ys: facilityY)
        let (teamX, teamY) = projection.project(inputs.teams)
        let teamIndex = PlanarIndex(xs: teamX, ys: teamY)

        // Calls to areas.
        let locator = AreaLocator(areas)
        var areaOfCall = [Int32](repeating: -1, count: inputs.calls.count)
        var outside = 0, overlapping = 0
        for index in 0..<inputs.calls.count {
            let found = locator.areas(containing: inputs.calls.latitudes[index], inputs.calls.longitudes[index])
            if let first = found.first { areaOfCall[index] = Int32(first) } else { outside += 1 }
            if found.count > 1 { overlapping += 1 }
        }
        lap("assign")

        // Per area: times to the nearest facility and team, dispositions.
        var facilityTimes = [[Double]](repeating: [], count: areas.count)
        var teamTimes = [[Double]](repeating: [], count: areas.count)
        var counts = [Int](repeating: 0, count: areas.count)
        var withDisposition = [Int](repeating: 0, count: areas.count)
        var arrests = [Int](repeating: 0, count: areas.count), hospitalized = [Int](repeating: 0, count: areas.count)
        let roads = settings.roads.map(RoadPlanningTimes.init)
        let callSnaps = roads?.snaps(of: inputs.calls) ?? []
        let roadToFacility = roads?.nearest(inputs.facilities.map(\.location), calls: callSnaps, toSources: true)
        let roadFromTeam = roads?.nearest(inputs.teams, calls: callSnaps, toSources: false)
        var offNetwork = 0
        for index in 0..<inputs.calls.count where areaOfCall[index] >= 0 {
            let area = Int(areaOfCall[index])
            counts[area] += 1
            // By road where the network answers; a call it cannot place keeps the straight-line time.
            if let time = roadToFacility?[index] {
                facilityTimes[area].append(time)
            } else if let distance = facilityIndex.nearestDistance(x: callX[index], y: callY[index]) {
                if roads != nil { offNetwork += 1 }
                facilityTimes[area].append(settings.travelTime(distance))
            }
            if let time = roadFromTeam?[index] {
                teamTimes[area].append(time)
            } else if let distance = teamIndex.nearestDistance(x: callX[index], y: callY[index]) {
                teamTimes[area].append(settings.travelTime(distance))
            }
            if let disposition = inputs.calls.dispositions[index] {
                withDisposition[area] += 1
                if disposition == .arrest { arrests[area] += 1 }
                if disposition == .hospitalized { hospitalized[area] += 1 }
            }
        }

        lap("etas")
        // Accessibility from area centroids to facilities.
        let centroids = areas.map { projection.centroid(of: $0) }
        var cost = [Double](repeating: 0, count: areas.count * inputs.facilities.count)
        if let roads, !settings.catchmentInMetres {
            let origins = centroids.map { projection.unproject(x: $0.x, y: $0.y) }
            cost = roads.matrix(from: origins, to: inputs.facilities.map(\.location), limit: settings.catchment)
        } else {
            for (k, centroid) in centroids.enumerated() {
                for j in inputs.facilities.indices {
                    let dx = facilityX[j] - centroid.x, dy = facilityY[j] - centroid.y
                    let distance = (dx * dx + dy * dy).squareRoot()
                    cost[k * inputs.facilities.count + j] = settings.catchmentInMetres ? distance : settings.travelTime(distance)
                }
            }
        }
        let demand = areas.map { Double($0.population) }
        let supply = inputs.facilities.map(\.capacity)
        let plain = TwoStepFCA.accessibility(demand: demand, supply: supply, cost: cost, zones: TwoStepFCA.plain(catchment: settings.catchment))
        let enhanced = TwoStepFCA.accessibility(demand: demand, supply: supply, cost: cost, zones: settings.zones)

        lap("access")
        // Beds inside each area.
        var bedsInside = [Double](repeating: 0, count: areas.count)
        for site in inputs.facilities {
            if let area = locator.areas(containing: site.location.latitude, site.location.longitude).first { bedsInside[area] += site.capacity }
        }

        var rows: [AreaFigures] = areas.indices.map { k in
            let area = areas[k]
            let people = Double(area.population)
            let facility = facilityTimes[k].sorted(), team = teamTimes[k].sorted()
            return AreaFigures(
                id: area.id, name: area.name, population: area.population, calls: counts[k],
                callsPer1000: people > 0 ? Double(counts[k]) / people * 1_000 : nil,
                arrestShare: withDisposition[k] > 0 ? Double(arrests[k]) / Double(withDisposition[k]) : nil,
                hospitalizedShare: withDisposition[k] > 0 ? Double(hospitalized[k]) / Double(withDisposition[k]) : nil,
                etaP50: percentile(facility, 0.5), etaP90: percentile(facility, 0.9),
                teamEtaP50: percentile(team, 0.5), teamEtaP90: percentile(team, 0.9),
                withinTargetShare: team.isEmpty ? nil : Double(team.filter { $0 <= settings.targetSeconds }.count) / Double(team.count),
                access2SFCA: plain[k], accessE2SFCA: enhanced[k],
                bedsPer100k: people > 0 ? bedsInside[k] / people * 100_000 : nil,
                bedsShortfallPer100k: people > 0 ? settings.targetBedsPer100k.map { $0 - bedsInside[k] / people * 100_000 } : nil,
                score: 0, rank: 0, drivers: [])
        }
        UnderservedScore.apply(&rows)
        lap("score")
        return UnderservedReport(
            rows: rows.sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }, etaMethod: settings.etaMethod, callsOutsideAreas: outside,
            callsInOverlaps: overlapping, areasWithoutPopulation: areas.filter { $0.population <= 0 }.map(\.id), crs: projection.crs,
            timings: timings, callsOffRoadNetwork: roads == nil ? nil : offNetwork)
    }

    /// Nearest-rank percentile of sorted values; nil for none.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
