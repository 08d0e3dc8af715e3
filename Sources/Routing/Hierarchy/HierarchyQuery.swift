/// Queries. Every search runs in rank numbering: seeds are renumbered on the
/// way in, and a search only ever climbs to higher ranks. Both directions
/// use stall-on-demand: a node reached more quickly from above than by the
/// arc that reached it cannot lie on a quickest path, so its arcs are not
/// relaxed (its cost is still a real path's and may still be used to meet).
extension ContractionHierarchy {
    /// The quickest path cost between two seed sets (see `Seed`), or nil when none connects them.
    public func cost(from origin: [Seed], to target: [Seed]) -> PathCost? {
        pool.withWorkspaces { forward, backward in
            bidirectional(from: origin, to: target, &forward, &backward)?.cost
        }
    }

    /// The quickest path between two seed sets, with its road edges for drawing.
    public func path(from origin: [Seed], to target: [Seed]) -> HierarchyPath? {
        pool.withWorkspaces { forward, backward in
            guard let meeting = bidirectional(from: origin, to: target, &forward, &backward) else { return nil }
            var links = [Int32]()
            var node = meeting.node
            while case let arc = forward.parent[Int(node)], arc >= 0 {
                links.append(upArcs[Int(arc)].link)
                node = Self.owner(of: arc, start: upStart)
            }
            let originSeed = Int(forward.label[Int(node)])
            links.reverse()
            node = meeting.node
            while case let arc = backward.parent[Int(node)], arc >= 0 {
                links.append(downArcs[Int(arc)].link)
                node = Self.owner(of: arc, start: downStart)
            }
            let targetSeed = Int(backward.label[Int(node)])
            var edges = [EdgeTraversal]()
            for link in links { unpack(link, into: &edges) }
            return HierarchyPath(cost: meeting.cost, originSeed: originSeed, targetSeed: targetSeed, edges: edges)
        }
    }

    /// One origin to many targets: one exhaustive upward search from the
    /// origin, then per target an upward search backward from it that stops
    /// as soon as its frontier is no quicker than the best meeting found.
    public func costs(from origin: [Seed], to targets: [[Seed]]) -> [PathCost?] {
        pool.withWorkspaces { forward, backward in
            seed(&forward, [origin])
            while settleStep(&forward, upward: true) != nil {}
            return targets.map { target in
                backward.reset()
                seed(&backward, [target])
                return meet(&backward, upward: false, other: forward)
            }
        }
    }

    /// Many origins to one target: the mirror image of `costs(from:to:)`.
    public func costs(from origins: [[Seed]], to target: [Seed]) -> [PathCost?] {
        pool.withWorkspaces { forward, backward in
            seed(&backward, [target])
            while settleStep(&backward, upward: false) != nil {}
            return origins.map { origin in
                forward.reset()
                seed(&forward, [origin])
                return meet(&forward, upward: true, other: backward)
            }
        }
    }

    // MARK: Search steps

    private struct Meeting {
        var cost: PathCost
        var node: Int32
    }

    private func seed(_ workspace: inout SearchWorkspace, _ groups: [[Seed]]) {
        workspace.seed(groups.map { $0.map { Seed(node: Int(rankOfNode[$0.node]), seconds: $0.seconds, metres: $0.metres) } })
    }

    /// Alternates the two searches, always advancing the one with the lower
    /// frontier, until neither can beat the best meeting. Each seed is its
    /// own group, so labels name the seeds a path used.
    private func bidirectional(
        from origin: [Seed], to target: [Seed], _ forward: inout SearchWorkspace, _ backward: inout SearchWorkspace
    ) -> Meeting? {
        seed(&forward, origin.map { [$0] })
        seed(&backward, target.map { [$0] })
        var best: Meeting?
        while true {
            let bound = best?.cost.seconds ?? .infinity
            let upward = forward.frontier <= backward.frontier
            if min(forward.frontier, backward.frontier) >= bound { break }
            let node: Int32?
            if upward {
                node = settleStep(&forward, upward: true)
            } else {
                node = settleStep(&backward, upward: false)
            }
            guard let node, forward.isReached(node), backward.isReached(node) else { continue }
            let seconds = forward.seconds[Int(node)] + backward.seconds[Int(node)]
            if seconds < bound {
                best = Meeting(cost: PathCost(seconds: seconds, metres: forward.metres[Int(node)] + backward.metres[Int(node)]), node: node)
            }
        }
        return best
    }

    /// Searches until the frontier is no quicker than the best meeting with
    /// `other`, whose search has already run to exhaustion.
    private func meet(_ workspace: inout SearchWorkspace, upward: Bool, other: SearchWorkspace) -> PathCost? {
        var best: PathCost?
        while workspace.frontier < best?.seconds ?? .infinity, let node = settleStep(&workspace, upward: upward) {
            guard other.isReached(node) else { continue }
            let seconds = workspace.seconds[Int(node)] + other.seconds[Int(node)]
            if seconds < best?.seconds ?? .infinity {
                best = PathCost(seconds: seconds, metres: workspace.metres[Int(node)] + other.metres[Int(node)])
            }
        }
        return best
    }

    /// Settles the next node and relaxes its arcs unless it is stalled;
    /// nil when the search has nothing left.
    private func settleStep(_ workspace: inout SearchWorkspace, upward: Bool) -> Int32? {
        guard let node = workspace.settleNext() else { return nil }
        let cost = workspace.seconds[Int(node)]
        // Arcs from higher nodes into this one: the opposite graph's arcs of this node.
        let (stallStart, stallArcs) = upward ? (downStart, downArcs) : (upStart, upArcs)
        for index in Int(stallStart[Int(node)])..<Int(stallStart[Int(node) + 1]) {
            let arc = stallArcs[index]
            if workspace.cost(arc.target) + arc.seconds < cost { return node }
        }
        if upward {
            workspace.relax(node, start: upStart, arcs: upArcs)
        } else {
            workspace.relax(node, start: downStart, arcs: downArcs)
        }
        return node
    }

    /// The rank whose arc range holds `arc`.
    private static func owner(of arc: Int32, start: [Int32]) -> Int32 {
        var low = 0, high = start.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if start[middle] <= arc { low = middle } else { high = middle }
        }
        return Int32(low)
    }
}

/// A quickest path found by the hierarchy.
public struct HierarchyPath: Sendable {
    public var cost: PathCost
    /// Index in the origin seeds of the seed the path starts from.
    public var originSeed: Int
    /// Index in the target seeds of the seed the path ends at.
    public var targetSeed: Int
    /// The road edges between the two seeds' nodes, in driving order.
    public var edges: [EdgeTraversal]
}
