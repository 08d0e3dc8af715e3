import GeoCore

extension RoadRouter {
    /// The quickest route between two locations with its geometry, from the
    /// origin's snap point to the target's; nil when either is off-network
    /// or no road connects them.
    public func route(from origin: Coordinate, to target: Coordinate) -> Route? {
        guard let start = snap(origin), let end = snap(target) else { return nil }
        let departures = graph.departures(from: start.position), arrivals = graph.arrivals(at: end.position)
        let path = hierarchy.path(from: departures, to: arrivals)
        if let direct = graph.direct(from: start.position, to: end.position),
           direct.seconds <= path?.cost.seconds ?? .infinity {
            let along = start.fraction <= end.fraction
            var geometry = graph.polyline(edge: start.edge, from: start.fraction, to: end.fraction)
            pin(&geometry, start, end)
            return Route(seconds: direct.seconds, metres: direct.metres, geometry: geometry,
                         edges: [EdgeTraversal(edge: start.edge, againstGeometry: !along)], origin: start, target: end)
        }
        guard let path else { return nil }
        // Departure seed 0 leaves by the edge's `to` node; arrival seed 0 comes in by its `from` node.
        let leavesForward = path.originSeed == 0, arrivesForward = path.targetSeed == 0
        var geometry = [start.coordinate]
        var edges = [EdgeTraversal]()
        // A snap point on a node drives none of its edge: no entry for it.
        let exit: Double = leavesForward ? 1 : 0
        if start.fraction != exit {
            geometry = graph.polyline(edge: start.edge, from: start.fraction, to: exit)
            edges.append(EdgeTraversal(edge: start.edge, againstGeometry: !leavesForward))
        }
        for step in path.edges {
            let line = graph.geometry(of: step.edge)
            append(step.againstGeometry ? Array(line.reversed()) : Array(line), to: &geometry)
            edges.append(step)
        }
        let entry: Double = arrivesForward ? 0 : 1
        if end.fraction != entry {
            append(graph.polyline(edge: end.edge, from: entry, to: end.fraction), to: &geometry)
            edges.append(EdgeTraversal(edge: end.edge, againstGeometry: !arrivesForward))
        }
        if geometry.count == 1 { geometry.append(end.coordinate) }
        pin(&geometry, start, end)
        return Route(seconds: path.cost.seconds, metres: path.cost.metres, geometry: geometry, edges: edges,
                     origin: start, target: end)
    }

    /// Joins polylines that share their junction point.
    private func append(_ line: [Coordinate], to geometry: inout [Coordinate]) {
        let skip = geometry.last == line.first ? 1 : 0
        geometry.append(contentsOf: line.dropFirst(skip))
    }

    /// Makes the ends exactly the snap points (interpolation can differ in the last bit).
    private func pin(_ geometry: inout [Coordinate], _ start: Snap, _ end: Snap) {
        geometry[0] = start.coordinate
        geometry[geometry.count - 1] = end.coordinate
    }
}
