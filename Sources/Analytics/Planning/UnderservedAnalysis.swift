import Contract
import Foundation
import GeoCore
import Routing
import Store

/// What per-area figures are computed from.
///
/// Two sets of facilities, on purpose: ETAs go to the nearest place that
/// takes a person in crisis at any hour (`facilities`), while 2SFCA counts
/// every crisis bed a resident can reach (`supply`, named by `supplyKinds`).
public struct PlanningInputs: Sendable {
    /// A 2SFCA supply site and the beds (or places) it offers.
    public struct Site: Sendable {
        public var location: Coordinate
        public var capacity: Double

        public init(location: Coordinate, capacity: Double) {
            self.location = location
            self.capacity = capacity
        }
    }

    public var areas: [Area]
    public var calls: CallPoints
    /// Crisis receiving facilities open 24/7: where ETAs go.
    public var facilities: [Coordinate]
    /// Crisis beds: the 2SFCA and E2SFCA supply, and the beds per 100,000 residents.
    public var supply: [Site]
    /// The facility kinds `supply` was drawn from, named in every output.
    public var supplyKinds: [FacilityKind]
    /// Team bases or last positions.
    public var teams: [Coordinate]

    public init(areas: [Area], calls: CallPoints, facilities: [Coordinate], supply: [Site], supplyKinds: [FacilityKind],
                teams: [Coordinate]) {
        self.areas = areas
        self.calls = calls
        self.facilities = facilities
        self.supply = supply
        self.supplyKinds = supplyKinds
        self.teams = teams
    }
}

public struct PlanningSettings: Sendable {
    /// Travel time in seconds for a straight-line distance in metres (the dispatch ETA model).
    public var travelTime: @Sendable (Double) -> Double
    /// Names the model in every output (`straight_line`, later `road_network`).
    public var etaMethod: ETAMethod
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
        travelTime: @escaping @Sendable (Double) -> Double, etaMethod: ETAMethod, targetSeconds: Double = 1_800,
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
    /// Absent in a private report when the noisy count is below the minimum count.
    public var calls: Int?
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
    public var etaMethod: ETAMethod
    /// The facility kinds whose beds are the 2SFCA supply.
    public var supplyKinds: [FacilityKind]
    /// Absent in a private report when below the minimum count.
    public var callsOutsideAreas: Int?
    /// Exact reports only: releases do not count overlaps.
    public var callsInOverlaps: Int?
    public var areasWithoutPopulation: [String]
    public var crs: String
    /// Seconds spent in each step (assign, etas, access, score), for benchmarks.
    public var timings: [String: Double]
    /// With road ETAs: calls farther than the snap limit from every road, timed by straight line instead.
    public var callsOffRoadNetwork: Int?
    /// Exact, or computed from these noisy releases.
    public var privacy: SurfacePrivacy = .exact
}

/// Per-area figures and the underserved ranking.
///
/// Distances are measured in the local UTM zone (within 0.1% of the
/// geodesic across a county) and turned into times by the dispatch ETA
/// model. A call in overlapping areas counts for the first by id.
public enum UnderservedAnalysis {
    public static func run(_ inputs: PlanningInputs, _ settings: PlanningSettings) throws -> UnderservedReport {
        var stopwatch = Stopwatch()
        let areas = inputs.areas.sorted { $0.id < $1.id }
        let projection = try PlanningProjection(areas: areas, calls: inputs.calls)
        let times = try CallTimes.measure(inputs, settings, areas: areas, projection: projection, stopwatch: &stopwatch)

        var facilityTimes = [[Double]](repeating: [], count: areas.count)
        var teamTimes = [[Double]](repeating: [], count: areas.count)
        var counts = [Int](repeating: 0, count: areas.count)
        var withDisposition = [Int](repeating: 0, count: areas.count)
        var arrests = [Int](repeating: 0, count: areas.count), hospitalized = [Int](repeating: 0, count: areas.count)
        for index in 0..<inputs.calls.count where times.areaOfCall[index] >= 0 {
            let area = Int(times.areaOfCall[index])
            counts[area] += 1
            if let time = times.facility[index] { facilityTimes[area].append(time) }
            if let time = times.team[index] { teamTimes[area].append(time) }
            if let disposition = inputs.calls.dispositions[index] {
                withDisposition[area] += 1
                if disposition == .arrest { arrests[area] += 1 }
                if disposition == .hospitalized { hospitalized[area] += 1 }
            }
        }
        stopwatch.lap("etas")
        let access = try AreaAccess.compute(inputs, settings, areas: areas, projection: projection)
        stopwatch.lap("access")

        var rows: [AreaFigures] = areas.indices.map { k in
            let area = areas[k]
            let people = Double(area.population)
            let facility = facilityTimes[k].sorted(), team = teamTimes[k].sorted()
            var row = access.row(k, area: area, settings: settings)
            row.calls = counts[k]
            row.callsPer1000 = people > 0 ? Double(counts[k]) / people * 1_000 : nil
            row.arrestShare = withDisposition[k] > 0 ? Double(arrests[k]) / Double(withDisposition[k]) : nil
            row.hospitalizedShare = withDisposition[k] > 0 ? Double(hospitalized[k]) / Double(withDisposition[k]) : nil
            row.etaP50 = percentile(facility, 0.5)
            row.etaP90 = percentile(facility, 0.9)
            row.teamEtaP50 = percentile(team, 0.5)
            row.teamEtaP90 = percentile(team, 0.9)
            row.withinTargetShare = team.isEmpty ? nil : Double(team.filter { $0 <= settings.targetSeconds }.count) / Double(team.count)
            return row
        }
        UnderservedScore.apply(&rows)
        stopwatch.lap("score")
        return UnderservedReport(
            rows: rows.sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }, etaMethod: settings.etaMethod, supplyKinds: inputs.supplyKinds,
            callsOutsideAreas: times.outside,
            callsInOverlaps: times.overlapping, areasWithoutPopulation: areas.filter { $0.population <= 0 }.map(\.id), crs: projection.crs,
            timings: stopwatch.timings, callsOffRoadNetwork: settings.roads == nil ? nil : times.offNetworkCount)
    }

    /// Nearest-rank percentile of sorted values; nil for none.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
