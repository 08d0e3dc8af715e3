extension RoadGraph {
    /// The strongly connected components: sets of nodes that can all reach
    /// one another. A location should snap only where it can both be left
    /// and returned to; OpenStreetMap extracts are full of small pieces that
    /// cannot (a fenced car park, a one-way spur cut off at the extract's edge).
    ///
    /// Tarjan's algorithm with an explicit stack (road graphs are deep
    /// enough to overflow the call stack), O(V + E).
    public func stronglyConnectedComponents() -> (componentOfNode: [Int32], sizes: [Int]) {
        let nodeCount = self.nodeCount
        var order = [Int32](repeating: -1, count: nodeCount)
        var low = [Int32](repeating: 0, count: nodeCount)
        var onStack = [Bool](repeating: false, count: nodeCount)
        var component = [Int32](repeating: -1, count: nodeCount)
        var sizes = [Int]()
        var stack = [Int32]()
        var calls = [(node: Int32, nextArc: Int32)]()
        var counter: Int32 = 0

        for root in 0..<nodeCount where order[root] < 0 {
            calls.append((Int32(root), forwardStart[root]))
            order[root] = counter; low[root] = counter; counter += 1
            stack.append(Int32(root)); onStack[root] = true
            while let (node, nextArc) = calls.last {
                let n = Int(node)
                if nextArc < forwardStart[n + 1] {
                    calls[calls.count - 1].nextArc += 1
                    let head = Int(forwardArcs[Int(nextArc)].headIndex)
                    if order[head] < 0 {
                        order[head] = counter; low[head] = counter; counter += 1
                        stack.append(Int32(head)); onStack[head] = true
                        calls.append((Int32(head), forwardStart[head]))
                    } else if onStack[head] {
                        low[n] = min(low[n], order[head])
                    }
                    continue
                }
                calls.removeLast()
                if let (parent, _) = calls.last { low[Int(parent)] = min(low[Int(parent)], low[n]) }
                if low[n] == order[n] {
                    let id = Int32(sizes.count)
                    var size = 0
                    while let member = stack.popLast() {
                        onStack[Int(member)] = false
                        component[Int(member)] = id
                        size += 1
                        if member == node { break }
                    }
                    sizes.append(size)
                }
            }
        }
        return (component, sizes)
    }
}
