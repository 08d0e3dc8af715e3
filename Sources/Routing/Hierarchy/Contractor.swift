import HeapModule

/// Contracts every node of a road graph in turn, least important first,
/// adding the shortcuts that keep quickest-path costs between the nodes left,
/// and hands back each node's rank with its upward and downward arcs.
///
/// Order: a node's priority is its edge difference (shortcuts its
/// contraction would add, less the arcs it would remove) plus its count of
/// contracted neighbours, both weighted by `ContractionOptions`. Priorities
/// are updated lazily: contracting a node only bumps its neighbours' deleted
/// counts; a node taken off the queue is rated again (with the full witness
/// search, whose shortcuts are kept for its contraction) and goes back if it
/// is no longer the least.
struct Contractor {
    struct Result {
        var rankOfNode: [Int32]
        /// In rank order: the arcs of rank r are arcs[start[r]..<start[r + 1]].
        var upStart: [Int32]
        var upArcs: [HierarchyArc]
        var downStart: [Int32]
        var downArcs: [HierarchyArc]
        var links: [HierarchyLink]
    }

    private struct Candidate: Comparable {
        var priority: Int
        var node: Int32
        static func < (a: Candidate, b: Candidate) -> Bool { (a.priority, a.node) < (b.priority, b.node) }
    }

    private struct Shortcut {
        var from: Int32
        var to: Int32
        var first: ContractionGraph.DynamicArc
        var second: ContractionGraph.DynamicArc
    }

    private var graph: ContractionGraph
    private var witness: WitnessSearch
    private var deleted: [Int32]
    private let options: ContractionOptions
    private var shortcuts: [Shortcut] = []

    init(graph road: RoadGraph, options: ContractionOptions) {
        graph = ContractionGraph(graph: road)
        witness = WitnessSearch(nodeCount: road.nodeCount)
        deleted = Array(repeating: 0, count: road.nodeCount)
        self.options = options
    }

    mutating func run() -> Result {
        let nodeCount = deleted.count
        var queue = Heap<Candidate>()
        for node in 0..<Int32(nodeCount) {
            queue.insert(Candidate(priority: priority(of: node), node: node))
        }
        var rankOfNode = [Int32](repeating: -1, count: nodeCount)
        // Collected with the original node numbers as targets; renumbered at the end.
        var upStart: [Int32] = [0], downStart: [Int32] = [0]
        var upArcs = [HierarchyArc](), downArcs = [HierarchyArc]()
        var rank: Int32 = 0
        while let candidate = queue.popMin() {
            let node = candidate.node
            // Rated with the full witness limit, so the shortcuts found can be
            // added straight away if the node is still the least important.
            let added = findShortcuts(of: node, settleLimit: options.witnessSettleLimit, collect: true)
            let current = priority(of: node, added: added)
            if let next = queue.min, current > next.priority {
                queue.insert(Candidate(priority: current, node: node))
                continue
            }
            for arc in graph.out.list(of: node) {
                upArcs.append(HierarchyArc(target: arc.other, link: arc.link, seconds: arc.seconds, metres: arc.metres))
            }
            for arc in graph.incoming.list(of: node) {
                downArcs.append(HierarchyArc(target: arc.other, link: arc.link, seconds: arc.seconds, metres: arc.metres))
            }
            upStart.append(Int32(upArcs.count))
            downStart.append(Int32(downArcs.count))
            graph.detach(node)
            for shortcut in shortcuts {
                graph.addShortcut(from: shortcut.from, to: shortcut.to, first: shortcut.first, second: shortcut.second)
            }
            for arc in graph.out.list(of: node) { deleted[Int(arc.other)] += 1 }
            for arc in graph.incoming.list(of: node) { deleted[Int(arc.other)] += 1 }
            rankOfNode[Int(node)] = rank
            rank += 1
        }
        for i in upArcs.indices { upArcs[i].target = rankOfNode[Int(upArcs[i].target)] }
        for i in downArcs.indices { downArcs[i].target = rankOfNode[Int(downArcs[i].target)] }
        return Result(rankOfNode: rankOfNode, upStart: upStart, upArcs: upArcs, downStart: downStart,
                      downArcs: downArcs, links: graph.links)
    }

    private mutating func priority(of node: Int32) -> Int {
        let added = findShortcuts(of: node, settleLimit: options.simulationSettleLimit, collect: false)
        return priority(of: node, added: added)
    }

    private func priority(of node: Int32, added: Int) -> Int {
        let removed = graph.out.degree(of: node) + graph.incoming.degree(of: node)
        return options.edgeDifferenceWeight * (added - removed) + options.deletedNeighbourWeight * Int(deleted[Int(node)])
    }

    /// Counts (and with `collect`, records in `shortcuts`) the shortcuts that
    /// contracting `node` needs: one per in-neighbour u and out-neighbour w
    /// with no witness path u→w as quick as u→node→w.
    @discardableResult
    private mutating func findShortcuts(of node: Int32, settleLimit: Int, collect: Bool) -> Int {
        if collect { shortcuts.removeAll(keepingCapacity: true) }
        let ins = graph.incoming.list(of: node), outs = graph.out.list(of: node)
        var count = 0
        for first in ins {
            let u = first.other
            let targets = outs.compactMap { second in
                second.other == u ? nil : WitnessSearch.Target(node: second.other, via: first.seconds + second.seconds)
            }
            guard !targets.isEmpty else { continue }
            witness.run(from: u, avoiding: node, targets: targets, settleLimit: settleLimit, graph: graph)
            for (slot, second) in outs.lazy.filter({ $0.other != u }).enumerated() where !witness.targets[slot].witnessed {
                count += 1
                if collect { shortcuts.append(Shortcut(from: u, to: second.other, first: first, second: second)) }
            }
        }
        return count
    }
}
