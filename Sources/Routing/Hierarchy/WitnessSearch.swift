/// The bounded local Dijkstra of contraction: from an in-neighbour `u` of
/// the node `v` being contracted, is there a path to each out-neighbour `w`,
/// avoiding `v`, no slower than u→v→w? Where there is (a witness), no
/// shortcut u→w is needed.
///
/// Preprocessing time is mostly spent here, so the search stops as early as
/// it can: once every target has a witness (tentative costs count, each is a
/// real path), or once the frontier passes the slowest via-`v` cost among
/// the targets still without one. Each node's cost, stamp and target slot
/// share one record (one cache miss per node).
struct WitnessSearch {
    private struct NodeState {
        var seconds: Double = .infinity
        var stamp: UInt32 = 0
        var targetStamp: UInt32 = 0
        var targetSlot: Int32 = 0
    }

    struct Target {
        var node: Int32
        /// The cost through the contracted node, which a witness must not exceed.
        var via: Double
        var witnessed = false
    }

    private var state: [NodeState]
    private var generation: UInt32 = 0
    private var heap = MinHeap()
    /// The targets of the last search, with whether each got a witness.
    private(set) var targets: [Target] = []

    init(nodeCount: Int) {
        state = Array(repeating: NodeState(), count: nodeCount)
    }

    /// Searches from `source` over the remaining graph without passing
    /// `avoiding`, for at most `settleLimit` settled nodes; then `targets`
    /// says which got a witness.
    mutating func run(from source: Int32, avoiding: Int32, targets newTargets: [Target], settleLimit: Int, graph: ContractionGraph) {
        generation &+= 1
        if generation == 0 {
            for i in state.indices { state[i].stamp = 0; state[i].targetStamp = 0 }
            generation = 1
        }
        heap.removeAll()
        targets = newTargets
        var pending = targets.count
        var bound = -Double.infinity
        for (slot, target) in targets.enumerated() {
            state[Int(target.node)].targetStamp = generation
            state[Int(target.node)].targetSlot = Int32(slot)
            bound = max(bound, target.via)
        }
        state[Int(source)].stamp = generation
        state[Int(source)].seconds = 0
        heap.push(0, source)
        var settled = 0
        let out = graph.out
        let generation = generation
        out.arcs.withUnsafeBufferPointer { arcs in
            state.withUnsafeMutableBufferPointer { state in
                search: while settled < settleLimit, let entry = heap.pop() {
                    let node = Int(entry.node)
                    if entry.key > state[node].seconds { continue }
                    if entry.key > bound { break }
                    settled += 1
                    for index in out.range(of: entry.node) {
                        let arc = arcs[index]
                        guard arc.other != avoiding else { continue }
                        let cost = entry.key + arc.seconds
                        let head = Int(arc.other)
                        guard cost <= bound, state[head].stamp != generation || cost < state[head].seconds else { continue }
                        state[head].stamp = generation
                        state[head].seconds = cost
                        heap.push(cost, arc.other)
                        guard state[head].targetStamp == generation else { continue }
                        let slot = Int(state[head].targetSlot)
                        guard !targets[slot].witnessed, cost <= targets[slot].via else { continue }
                        targets[slot].witnessed = true
                        pending -= 1
                        if pending == 0 { break search }
                        bound = targets.lazy.filter { !$0.witnessed }.map(\.via).max() ?? bound
                    }
                }
            }
        }
    }
}
