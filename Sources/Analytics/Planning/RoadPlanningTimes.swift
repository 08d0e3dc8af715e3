import GeoCore
import Routing
import Store

/// Planning's travel times over the road network: each question ("how long
/// from this call to the nearest crisis facility?") is one multi-source
/// search over the whole network, then a snap per call, instead of a
/// distance turned into time. A call off the network keeps the straight-line
/// time it would otherwise get, and is counted.
struct RoadPlanningTimes {
    let router: RoadRouter
    /// No search runs longer: a call farther than this from every source is as badly served as can be shown.
    static let horizon: Double = 6 * 3_600

    /// Where each call meets the network (nil: off it), found once for every question asked of the calls.
    func snaps(of calls: CallPoints) -> [Snap?] {
        (0..<calls.count).map { router.snap(Coordinate(uncheckedLatitude: calls.latitudes[$0], longitude: calls.longitudes[$0])) }
    }

    /// Per snapped call, seconds from the call to its nearest source
    /// (`toSources`) or from the nearest source to the call; nil where the network gives none.
    func nearest(_ sources: [Coordinate], calls snaps: [Snap?], toSources: Bool) -> [Double?] {
        guard !sources.isEmpty else { return Array(repeating: nil, count: snaps.count) }
        let times = router.timesFromNearest(sources: sources, maxTime: Self.horizon, reverse: toSources)
        return snaps.map { snap in snap.flatMap { router.time(at: $0, in: times)?.seconds } }
    }

    /// Seconds from each origin (area centroids) to each facility, row-major;
    /// infinity beyond `limit` or without a road. One bounded search per facility.
    func matrix(from origins: [Coordinate], to facilities: [Coordinate], limit: Double) -> [Double] {
        let snaps = origins.map(router.snap)
        var cost = [Double](repeating: .infinity, count: origins.count * facilities.count)
        for (j, facility) in facilities.enumerated() {
            let times = router.timesFromNearest(sources: [facility], maxTime: limit, reverse: true)
            for (k, snap) in snaps.enumerated() {
                if let seconds = snap.flatMap({ router.time(at: $0, in: times)?.seconds }) { cost[k * facilities.count + j] = seconds }
            }
        }
        return cost
    }
}
