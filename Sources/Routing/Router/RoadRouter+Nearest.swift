import GeoCore

extension RoadRouter {
    /// Time from the nearest source to every node (`reverse == false`), or
    /// from every node to its nearest source (`reverse == true`, e.g. "time to
    /// the nearest crisis facility"), up to `maxTime` seconds: one
    /// multi-source Dijkstra. Off-network sources take no part. Read a
    /// location's time with `time(at:in:)`, or draw areas with `isochrones`.
    public func timesFromNearest(sources: [Coordinate], maxTime: Double, reverse: Bool = false) -> NodeTimes {
        let snaps = sources.map(snap)
        let seeds = snaps.map { snap in
            snap.map { reverse ? graph.arrivals(at: $0.position) : graph.departures(from: $0.position) } ?? []
        }
        var times = dijkstra.nearest(from: seeds, maxSeconds: maxTime, reverse: reverse)
        times.sourcePositions = snaps.map { $0?.position }
        return times
    }

    /// A location's time from (or, for reverse times, to) its nearest source;
    /// nil when it is off-network or farther than the table's `maxSeconds`.
    public func time(at location: Coordinate, in times: NodeTimes) -> NearestTime? {
        snap(location).flatMap { time(at: $0, in: times) }
    }

    /// The same for a location already snapped: several tables (or a table per
    /// source) can be read at one place without snapping it again.
    public func time(at snap: Snap, in times: NodeTimes) -> NearestTime? {
        let (seconds, source) = EdgeTimes(edge: snap.edge, times: times, graph: graph).at(snap.fraction)
        guard seconds <= times.maxSeconds, source >= 0 else { return nil }
        return NearestTime(seconds: seconds, source: Int(source), snap: snap)
    }
}
