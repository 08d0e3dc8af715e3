/// Plain Dijkstra over the road graph: the reference the contraction
/// hierarchy is tested against, and the search behind the multi-source
/// "time from the nearest source" tables, which have no target to stop at.
public struct Dijkstra: Sendable {
    public let graph: RoadGraph
    private let pool: WorkspacePool

    public init(graph: RoadGraph) {
        self.graph = graph
        pool = WorkspacePool(nodeCount: graph.nodeCount)
    }

    /// The quickest path from one origin to each target: one forward search,
    /// stopped once every target's nodes are settled.
    ///
    /// - Parameters:
    ///   - origin: the nodes the origin can start from, each with the cost to reach it.
    ///   - targets: for each target, the nodes it can be reached from, each with the cost from there on.
    /// - Returns: per target, the cost, or nil when no seed of it can be reached.
    public func costs(from origin: [Seed], to targets: [[Seed]]) -> [PathCost?] {
        pool.withWorkspace { workspace in
            workspace.seed([origin])
            settle(until: targets, start: graph.forwardStart, arcs: graph.forwardArcs, in: &workspace)
            return targets.map { Self.best(of: $0, in: workspace) }
        }
    }

    /// The quickest path from each origin to one target: one search backward from the target.
    public func costs(from origins: [[Seed]], to target: [Seed]) -> [PathCost?] {
        pool.withWorkspace { workspace in
            workspace.seed([target])
            settle(until: origins, start: graph.backwardStart, arcs: graph.backwardArcs, in: &workspace)
            return origins.map { Self.best(of: $0, in: workspace) }
        }
    }

    /// Seconds from the nearest source to every node (or, with `reverse`,
    /// from every node to its nearest source), up to `maxSeconds`.
    ///
    /// - Parameter sources: per source, the seeds it starts from (reverse:
    ///   the nodes it is reached from, with the cost from there on).
    public func nearest(from sources: [[Seed]], maxSeconds: Double, reverse: Bool = false) -> NodeTimes {
        pool.withWorkspace { workspace in
            workspace.seed(sources)
            var seconds = [Double](repeating: .infinity, count: graph.nodeCount)
            var nearest = [Int32](repeating: -1, count: graph.nodeCount)
            let start = reverse ? graph.backwardStart : graph.forwardStart
            let arcs = reverse ? graph.backwardArcs : graph.forwardArcs
            while let node = workspace.settleNext() {
                let cost = workspace.seconds[Int(node)]
                if cost > maxSeconds { break }
                seconds[Int(node)] = cost
                nearest[Int(node)] = workspace.label[Int(node)]
                workspace.relax(node, start: start, arcs: arcs)
            }
            return NodeTimes(seconds: seconds, nearestSource: nearest, maxSeconds: maxSeconds, reverse: reverse)
        }
    }

    /// Runs until every node named in `groups` is settled or nothing is left.
    private func settle(until groups: [[Seed]], start: [Int32], arcs: [Arc], in workspace: inout SearchWorkspace) {
        var pending = Set(groups.joined().map { Int32($0.node) })
        while !pending.isEmpty, let node = workspace.settleNext() {
            pending.remove(node)
            workspace.relax(node, start: start, arcs: arcs)
        }
    }

    /// The cheapest way through one of `seeds`, whose costs are added to the search's.
    static func best(of seeds: [Seed], in workspace: SearchWorkspace) -> PathCost? {
        var best: PathCost?
        for seed in seeds {
            let node = Int32(seed.node)
            guard workspace.isReached(node) else { continue }
            let seconds = workspace.seconds[seed.node] + seed.seconds
            if seconds < best?.seconds ?? .infinity {
                best = PathCost(seconds: seconds, metres: workspace.metres[seed.node] + seed.metres)
            }
        }
        return best
    }
}
