import GeoCore

extension RoadRouter {
    /// Travel time from one origin to each target (a team to candidate
    /// facilities, a call to every facility): one hierarchy search up from
    /// the origin, then a short one per target. Nil where the origin or the
    /// target is off-network or no road leads from one to the other.
    public func travelTimes(from origin: Coordinate, to targets: [Coordinate]) -> [RouteTime?] {
        guard let start = snap(origin) else { return targets.map { _ in nil } }
        let ends = targets.map(snap)
        let costs = hierarchy.costs(from: graph.departures(from: start.position),
                                    to: ends.map { $0.map { graph.arrivals(at: $0.position) } ?? [] })
        return zip(ends, costs).map { end, cost in
            guard let end else { return nil }
            return Self.result(cost, graph.direct(from: start.position, to: end.position), start, end)
        }
    }

    /// Travel time from each origin to one target (every team to a call):
    /// one hierarchy search backward from the target, then a short one per origin.
    public func travelTimes(from origins: [Coordinate], to target: Coordinate) -> [RouteTime?] {
        guard let end = snap(target) else { return origins.map { _ in nil } }
        let starts = origins.map(snap)
        let costs = hierarchy.costs(from: starts.map { $0.map { graph.departures(from: $0.position) } ?? [] },
                                    to: graph.arrivals(at: end.position))
        return zip(starts, costs).map { start, cost in
            guard let start else { return nil }
            return Self.result(cost, graph.direct(from: start.position, to: end.position), start, end)
        }
    }

    /// Travel time between two locations.
    public func travelTime(from origin: Coordinate, to target: Coordinate) -> RouteTime? {
        guard let start = snap(origin), let end = snap(target) else { return nil }
        let cost = hierarchy.cost(from: graph.departures(from: start.position), to: graph.arrivals(at: end.position))
        return Self.result(cost, graph.direct(from: start.position, to: end.position), start, end)
    }

    /// The quicker of the way through the graph and the way straight along a shared edge.
    private static func result(_ network: PathCost?, _ direct: PathCost?, _ start: Snap, _ end: Snap) -> RouteTime? {
        let costs = [network, direct].compactMap { $0 }
        guard let best = costs.min(by: { $0.seconds < $1.seconds }) else { return nil }
        return RouteTime(seconds: best.seconds, metres: best.metres, origin: start, target: end)
    }
}
