extension RoadGraph {
    /// How a location on an edge joins the graph as an origin: towards the
    /// edge's `to` node always, and back towards its `from` node on a two-way
    /// road, or at no cost when the location is that node (fraction exactly
    /// 0: any road leaving the node will do). Seed 0 is the `to` node, seed 1
    /// (if any) the `from` node.
    public func departures(from position: EdgePosition) -> [Seed] {
        let edge = position.edge, f = position.fraction
        var seeds = [Seed(node: Int(edgeTo[edge]), seconds: (1 - f) * edgeSeconds[edge], metres: (1 - f) * edgeMetres[edge])]
        if !edgeOneWay[edge] || f == 0 {
            seeds.append(Seed(node: Int(edgeFrom[edge]), seconds: f * edgeSeconds[edge], metres: f * edgeMetres[edge]))
        }
        return seeds
    }

    /// How a location on an edge joins the graph as a target: arriving from
    /// the edge's `from` node always, and from its `to` node on a two-way
    /// road or when the location is that node (fraction exactly 1). Seed 0
    /// is the `from` node, seed 1 (if any) the `to` node.
    public func arrivals(at position: EdgePosition) -> [Seed] {
        let edge = position.edge, g = position.fraction
        var seeds = [Seed(node: Int(edgeFrom[edge]), seconds: g * edgeSeconds[edge], metres: g * edgeMetres[edge])]
        if !edgeOneWay[edge] || g == 1 {
            seeds.append(Seed(node: Int(edgeTo[edge]), seconds: (1 - g) * edgeSeconds[edge], metres: (1 - g) * edgeMetres[edge]))
        }
        return seeds
    }

    /// Driving straight along one edge between two locations on it, when the
    /// edge's direction allows; nil when they lie on different edges or the
    /// way from one to the other runs against a one-way edge.
    public func direct(from origin: EdgePosition, to target: EdgePosition) -> PathCost? {
        guard origin.edge == target.edge else { return nil }
        let edge = origin.edge
        let share = target.fraction - origin.fraction
        guard share >= 0 || !edgeOneWay[edge] else { return nil }
        return PathCost(seconds: abs(share) * edgeSeconds[edge], metres: abs(share) * edgeMetres[edge])
    }
}
