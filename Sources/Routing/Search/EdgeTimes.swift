/// Time between the nearest source and every point of one edge, from
/// `NodeTimes`: the least of entering (or leaving) by either end and of
/// driving straight from (or to) a source on the edge itself. Piecewise
/// linear in the fraction along the edge.
struct EdgeTimes {
    private let edgeSeconds: Double
    /// Through the `from` node: `viaFrom + x * edgeSeconds`.
    private let viaFrom: Double
    private let fromSource: Int32
    /// Through the `to` node: `viaTo + (1 - x) * edgeSeconds`.
    private let viaTo: Double
    private let toSource: Int32
    private let oneWay: Bool
    private let reverse: Bool
    /// Sources on the edge: (fraction, index).
    let sources: [(fraction: Double, index: Int)]

    init(edge: Int, times: NodeTimes, graph: RoadGraph) {
        let from = Int(graph.edgeFrom[edge]), to = Int(graph.edgeTo[edge])
        edgeSeconds = graph.edgeSeconds[edge]
        oneWay = graph.edgeOneWay[edge]
        reverse = times.reverse
        // Forward: arrive at `from` and drive along, or (two-way) arrive at `to` and drive back.
        // Reverse: drive along to `to` and on, or (two-way) back to `from` and on.
        // On a one-way edge the way against it still serves its own end node (see `at`).
        viaFrom = times.seconds[from]
        viaTo = times.seconds[to]
        fromSource = times.nearestSource[from]
        toSource = times.nearestSource[to]
        sources = (times.sourcesOnEdge[edge] ?? []).compactMap { index in
            times.sourcePositions[index].map { ($0.fraction, index) }
        }
    }

    /// The least seconds at any point of the edge (at one of its ends, or a source on it).
    func minimum() -> Double {
        sources.isEmpty ? min(viaFrom, viaTo) : 0
    }

    /// Seconds at fraction `x`, and the source they are from (-1 if none).
    func at(_ x: Double) -> (seconds: Double, source: Int32) {
        // Forward, a one-way edge is entered only by its `from` end, save at
        // its `to` node itself; reverse, left only by its `to` end, save at its `from` node.
        let fromUsable = !oneWay || !reverse || x == 0
        let toUsable = !oneWay || reverse || x == 1
        var best = (seconds: fromUsable ? viaFrom + x * edgeSeconds : .infinity, source: fromSource)
        let back = toUsable ? viaTo + (1 - x) * edgeSeconds : .infinity
        if back < best.seconds { best = (back, toSource) }
        for source in sources {
            // Forward, a source reaches points after it; reverse, a point reaches sources after it.
            let ahead = reverse ? source.fraction >= x : x >= source.fraction
            guard ahead || !oneWay else { continue }
            let seconds = abs(x - source.fraction) * edgeSeconds
            if seconds < best.seconds { best = (seconds, Int32(source.index)) }
        }
        return best
    }
}
