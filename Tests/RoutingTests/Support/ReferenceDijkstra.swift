import Store

/// Shortest paths the slow, obvious way, straight from `[RoadEdge]`: no heap
/// (an array scan for the next node), no shared code with the Routing target.
struct ReferenceDijkstra {
    struct Arc {
        var to: Int
        var seconds: Double
    }

    private(set) var arcs: [[Arc]] = []
    private(set) var index: [Int64: Int] = [:]

    init(edges: [RoadEdge]) {
        for edge in edges {
            let a = node(edge.from), b = node(edge.to)
            arcs[a].append(Arc(to: b, seconds: edge.travelTime))
            if edge.direction == .both { arcs[b].append(Arc(to: a, seconds: edge.travelTime)) }
        }
    }

    /// A reference graph from explicit arcs (for networks with split edges).
    init(nodeCount: Int, arcs list: [(from: Int, to: Int, seconds: Double)]) {
        arcs = Array(repeating: [], count: nodeCount)
        for arc in list { arcs[arc.from].append(Arc(to: arc.to, seconds: arc.seconds)) }
    }

    private mutating func node(_ id: Int64) -> Int {
        if let known = index[id] { return known }
        index[id] = arcs.count
        arcs.append([])
        return arcs.count - 1
    }

    /// Seconds from `sources` (node, starting cost) to every node; infinity where unreachable.
    func costs(from sources: [(node: Int, seconds: Double)]) -> [Double] {
        var cost = [Double](repeating: .infinity, count: arcs.count)
        var done = [Bool](repeating: false, count: arcs.count)
        for source in sources { cost[source.node] = min(cost[source.node], source.seconds) }
        while true {
            var next = -1
            for node in arcs.indices where !done[node] && cost[node].isFinite && (next < 0 || cost[node] < cost[next]) {
                next = node
            }
            if next < 0 { return cost }
            done[next] = true
            for arc in arcs[next] where cost[next] + arc.seconds < cost[arc.to] {
                cost[arc.to] = cost[next] + arc.seconds
            }
        }
    }

    /// The same with every arc reversed: seconds from every node to `targets`.
    func reversed() -> ReferenceDijkstra {
        var list = [(from: Int, to: Int, seconds: Double)]()
        for (from, out) in arcs.enumerated() {
            for arc in out { list.append((arc.to, from, arc.seconds)) }
        }
        return ReferenceDijkstra(nodeCount: arcs.count, arcs: list)
    }
}

/// Relative agreement to 1e-9 (summation order differs between algorithms).
func agree(_ a: Double?, _ b: Double?) -> Bool {
    switch (a, b) {
    case (nil, nil): true
    case let (a?, b?): a.isInfinite && b.isInfinite || abs(a - b) <= 1e-9 * max(1, abs(b))
    default: false
    }
}
