/// The per-node state of one shortest-path search, reused from query to query.
///
/// Clearing arrays of a few hundred thousand nodes would cost more than a
/// contraction-hierarchy query itself, so each query bumps `generation`
/// instead and a node's values count only while its `stamp` matches.
struct SearchWorkspace: Sendable {
    private(set) var seconds: [Double]
    private(set) var metres: [Double]
    /// How the node was reached: an arc or hierarchy link index, -1 for a seed.
    private(set) var parent: [Int32]
    /// Which seed group (source) the node's best path starts from.
    private(set) var label: [Int32]
    private var stamp: [UInt32]
    private var generation: UInt32 = 0
    private(set) var heap = MinHeap()

    init(nodeCount: Int) {
        seconds = Array(repeating: .infinity, count: nodeCount)
        metres = Array(repeating: 0, count: nodeCount)
        parent = Array(repeating: -1, count: nodeCount)
        label = Array(repeating: -1, count: nodeCount)
        stamp = Array(repeating: 0, count: nodeCount)
    }

    var nodeCount: Int { stamp.count }

    /// Forgets the previous search in O(1) (O(n) once every 2³² searches).
    mutating func reset() {
        heap.removeAll()
        if generation == .max {
            for i in stamp.indices { stamp[i] = 0 }
            generation = 0
        }
        generation += 1
    }

    func isReached(_ node: Int32) -> Bool {
        stamp[Int(node)] == generation
    }

    /// Seconds to the node, or infinity if the search has not reached it.
    func cost(_ node: Int32) -> Double {
        stamp[Int(node)] == generation ? seconds[Int(node)] : .infinity
    }

    /// Records a path to `node` if it is strictly quicker than the one known.
    @discardableResult
    mutating func improve(_ node: Int32, seconds newSeconds: Double, metres newMetres: Double, parent via: Int32, label from: Int32) -> Bool {
        let index = Int(node)
        if stamp[index] == generation, seconds[index] <= newSeconds { return false }
        stamp[index] = generation
        seconds[index] = newSeconds
        metres[index] = newMetres
        parent[index] = via
        label[index] = from
        heap.push(newSeconds, node)
        return true
    }

    /// The next node whose cost is final, skipping stale heap entries.
    mutating func settleNext() -> Int32? {
        while let entry = heap.pop() {
            if entry.key <= seconds[Int(entry.node)] { return entry.node }
        }
        return nil
    }

    /// The smallest key still queued (stale entries included, which only makes it lower).
    var frontier: Double { heap.minimumKey }

    /// Relaxes every arc of `node` in one adjacency array.
    mutating func relax<A: SearchArc>(_ node: Int32, start: [Int32], arcs: [A]) {
        let base = seconds[Int(node)], baseMetres = metres[Int(node)], from = label[Int(node)]
        let end = Int(start[Int(node) + 1])
        var index = Int(start[Int(node)])
        while index < end {
            let arc = arcs[index]
            improve(arc.target, seconds: base + arc.seconds, metres: baseMetres + arc.metres,
                    parent: Int32(truncatingIfNeeded: index), label: from)
            index += 1
        }
    }

    /// Starts a search at each seed group; a node's label is its group's index.
    mutating func seed(_ groups: [[Seed]]) {
        for (group, seeds) in groups.enumerated() {
            for seed in seeds {
                improve(Int32(seed.node), seconds: seed.seconds, metres: seed.metres, parent: -1, label: Int32(group))
            }
        }
    }
}

/// What a search reads from an arc of any adjacency array.
protocol SearchArc {
    var target: Int32 { get }
    var seconds: Double { get }
    var metres: Double { get }
}

extension Arc: SearchArc {
    var target: Int32 { headIndex }
}
