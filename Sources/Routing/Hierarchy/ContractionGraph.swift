/// The graph as contraction reshapes it: per node, the arcs to and from the
/// nodes not yet contracted, shortcuts included. Parallel arcs are merged on
/// the way in (only the quickest can lie on a quickest path).
struct ContractionGraph {
    struct DynamicArc {
        /// The other node: the head of an outgoing arc, the tail of an incoming one.
        var other: Int32
        var link: Int32
        var seconds: Double
        var metres: Double
    }

    var out: AdjacencyArena
    var incoming: AdjacencyArena
    private(set) var links: [HierarchyLink] = []

    init(graph: RoadGraph) {
        out = AdjacencyArena(nodeCount: graph.nodeCount, capacity: graph.forwardStart)
        incoming = AdjacencyArena(nodeCount: graph.nodeCount, capacity: graph.backwardStart)
        links.reserveCapacity(graph.arcCount * 2)
        for tail in 0..<graph.nodeCount {
            for arc in graph.outgoing(tail) {
                let link = Int32(links.count)
                links.append(.edge(Int32(arc.edge), againstGeometry: arc.againstGeometry))
                add(from: Int32(tail), to: arc.headIndex, seconds: arc.seconds, metres: arc.metres, link: link)
            }
        }
    }

    /// Adds a shortcut u→w through `middle`'s two arcs, or makes an existing
    /// arc u→w the shortcut when the shortcut is quicker.
    mutating func addShortcut(from u: Int32, to w: Int32, first: DynamicArc, second: DynamicArc) {
        let link = Int32(links.count)
        links.append(.shortcut(first.link, second.link))
        add(from: u, to: w, seconds: first.seconds + second.seconds, metres: first.metres + second.metres, link: link)
    }

    private mutating func add(from u: Int32, to w: Int32, seconds: Double, metres: Double, link: Int32) {
        if let index = out.position(of: w, in: u) {
            let existing = out[index]
            guard seconds < existing.seconds || (seconds == existing.seconds && metres < existing.metres) else { return }
            out[index] = DynamicArc(other: w, link: link, seconds: seconds, metres: metres)
            incoming[incoming.position(of: u, in: w)!] = DynamicArc(other: u, link: link, seconds: seconds, metres: metres)
        } else {
            out.append(DynamicArc(other: w, link: link, seconds: seconds, metres: metres), to: u)
            incoming.append(DynamicArc(other: u, link: link, seconds: seconds, metres: metres), to: w)
        }
    }

    /// Takes `node` out of its neighbours' lists; its own lists stay as they
    /// are (they become its upward and downward arcs).
    mutating func detach(_ node: Int32) {
        for index in out.range(of: node) { incoming.remove(node, from: out[index].other) }
        for index in incoming.range(of: node) { out.remove(node, from: incoming[index].other) }
    }
}

/// Every node's arc list in one array, so the witness searches, which
/// dominate preprocessing, read them without reference counting or pointer
/// chasing. A list that outgrows its slot moves to the end with twice the
/// room; the slot it leaves is not reused (contraction roughly doubles the
/// arcs at most, so the waste stays small).
struct AdjacencyArena {
    private struct Slot {
        var start: Int32
        var count: Int32
        var capacity: Int32
    }

    private(set) var arcs: [ContractionGraph.DynamicArc]
    private var slots: [Slot]

    /// Slots sized from a CSR start array, with a little room to grow.
    init(nodeCount: Int, capacity csr: [Int32]) {
        slots = []
        slots.reserveCapacity(nodeCount)
        var total: Int32 = 0
        for node in 0..<nodeCount {
            let room = csr[node + 1] - csr[node] + 2
            slots.append(Slot(start: total, count: 0, capacity: room))
            total += room
        }
        arcs = Array(repeating: ContractionGraph.DynamicArc(other: 0, link: 0, seconds: 0, metres: 0), count: Int(total))
    }

    func range(of node: Int32) -> Range<Int> {
        let slot = slots[Int(node)]
        return Int(slot.start)..<Int(slot.start + slot.count)
    }

    func degree(of node: Int32) -> Int { Int(slots[Int(node)].count) }

    func position(of other: Int32, in node: Int32) -> Int? {
        range(of: node).first { arcs[$0].other == other }
    }

    subscript(index: Int) -> ContractionGraph.DynamicArc {
        get { arcs[index] }
        set { arcs[index] = newValue }
    }

    mutating func append(_ arc: ContractionGraph.DynamicArc, to node: Int32) {
        var slot = slots[Int(node)]
        if slot.count == slot.capacity {
            let moved = Int32(arcs.count), room = max(slot.capacity * 2, 4)
            // Copied out first: appending a slice of `arcs` to itself would copy the whole array.
            let moving = Array(arcs[Int(slot.start)..<Int(slot.start + slot.count)])
            arcs.append(contentsOf: moving)
            arcs.append(contentsOf: repeatElement(arc, count: Int(room - slot.count)))
            slot.start = moved
            slot.capacity = room
        }
        arcs[Int(slot.start + slot.count)] = arc
        slot.count += 1
        slots[Int(node)] = slot
    }

    /// Removes the arc to `other` from `node`'s list (order is not kept).
    mutating func remove(_ other: Int32, from node: Int32) {
        guard let index = position(of: other, in: node) else { return }
        let last = range(of: node).upperBound - 1
        arcs[index] = arcs[last]
        slots[Int(node)].count -= 1
    }

    /// A node's list.
    func list(of node: Int32) -> ArraySlice<ContractionGraph.DynamicArc> {
        arcs[range(of: node)]
    }
}
