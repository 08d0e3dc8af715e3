import Store
@testable import Routing

/// The travel time between two snapped locations, worked out without the
/// router's endpoint logic: the edges the locations lie on are cut at them
/// into pieces (new nodes at the cuts), then the array-scan Dijkstra runs
/// from the origin's cut to the target's. A cut at an edge's end is the end
/// node itself, so every road there can be used even on a one-way edge.
enum SplitReference {
    static func seconds(from origin: Snap, to target: Snap, edges: [RoadEdge], graph: RoadGraph) -> Double? {
        var ids = [Int64: Int]()
        func node(_ id: Int64) -> Int {
            if let known = ids[id] { return known }
            ids[id] = ids.count
            return ids.count - 1
        }
        var arcs = [(from: Int, to: Int, seconds: Double)]()
        let originNode = -1, targetNode = -2
        var cuts = [Int: [(fraction: Double, node: Int)]]()
        cuts[graph.edge(origin.edge).inputIndex, default: []].append((origin.fraction, originNode))
        cuts[graph.edge(target.edge).inputIndex, default: []].append((target.fraction, targetNode))
        var pieces = [(from: Int, to: Int, seconds: Double, twoWay: Bool)]()
        for (index, edge) in edges.enumerated() {
            let from = node(edge.from), to = node(edge.to)
            let stops = [(0.0, from)] + (cuts[index] ?? []).sorted { $0.fraction < $1.fraction } + [(1.0, to)]
            for (a, b) in zip(stops, stops.dropFirst()) {
                // A piece of no length joins two names for one place: passable both ways.
                pieces.append((a.1, b.1, (b.0 - a.0) * edge.travelTime, edge.direction == .both || a.0 == b.0))
            }
        }
        let count = ids.count + 2
        func number(_ n: Int) -> Int { n == originNode ? count - 2 : n == targetNode ? count - 1 : n }
        for piece in pieces {
            arcs.append((number(piece.from), number(piece.to), piece.seconds))
            if piece.twoWay { arcs.append((number(piece.to), number(piece.from), piece.seconds)) }
        }
        let cost = ReferenceDijkstra(nodeCount: count, arcs: arcs).costs(from: [(count - 2, 0)])[count - 1]
        return cost.isFinite ? cost : nil
    }
}
