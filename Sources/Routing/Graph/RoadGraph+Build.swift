import GeoCore
import Store

extension RoadGraph {
    /// Builds the graph in O(E log E): one sort of the node ids, one of the
    /// nodes along the Hilbert curve, then linear passes.
    ///
    /// Edges that cannot be driven or measured (fewer than two points, a
    /// length or speed that is not a finite positive number) are left out;
    /// `Edge.inputIndex` maps the rest back to `edges`. A loop (an edge that
    /// starts and ends at the same node) gets no arcs, since it never shortens
    /// a path between nodes, but stays an edge so locations on it still snap.
    public init(edges input: [RoadEdge]) {
        let usable = input.indices.filter { Self.isDrivable(input[$0]) }
        precondition(usable.count < Int(Int32.max), "more road edges than 32-bit indices hold")

        var ids = [Int64]()
        ids.reserveCapacity(usable.count * 2)
        for index in usable {
            ids.append(input[index].from)
            ids.append(input[index].to)
        }
        ids.sort()
        ids = Self.removingAdjacentDuplicates(ids)

        // Each node's position (from the first edge that ends there), by id order.
        var located = [Coordinate?](repeating: nil, count: ids.count)
        var ends = [(Int32, Int32)]()
        ends.reserveCapacity(usable.count)
        for index in usable {
            let edge = input[index]
            let a = Self.position(of: edge.from, in: ids), b = Self.position(of: edge.to, in: ids)
            if located[a] == nil { located[a] = edge.geometry[0] }
            if located[b] == nil { located[b] = edge.geometry[edge.geometry.count - 1] }
            ends.append((Int32(a), Int32(b)))
        }
        let byID = located.map { $0! }
        let order = Self.hilbertOrder(byID)
        var renumber = [Int32](repeating: 0, count: ids.count)
        for (node, idIndex) in order.enumerated() { renumber[Int(idIndex)] = Int32(node) }
        osmNodeIDs = order.map { ids[Int($0)] }
        nodeCoordinates = order.map { byID[Int($0)] }
        nodesByOSMID = renumber

        var from = [Int32](), to = [Int32](), seconds = [Double](), metres = [Double]()
        var oneWay = [Bool](), edgeIDs = [Int64](), inputIndex = [Int32]()
        from.reserveCapacity(usable.count); to.reserveCapacity(usable.count)
        seconds.reserveCapacity(usable.count); metres.reserveCapacity(usable.count)
        oneWay.reserveCapacity(usable.count); edgeIDs.reserveCapacity(usable.count)
        inputIndex.reserveCapacity(usable.count)
        var pointStart = [Int32](), points = [Coordinate](), fractions = [Double]()
        pointStart.reserveCapacity(usable.count + 1)
        pointStart.append(0)

        for (slot, index) in usable.enumerated() {
            let edge = input[index]
            from.append(renumber[Int(ends[slot].0)]); to.append(renumber[Int(ends[slot].1)])
            seconds.append(edge.travelTime); metres.append(edge.lengthMetres)
            oneWay.append(edge.direction == .forward)
            edgeIDs.append(edge.id); inputIndex.append(Int32(index))
            Self.appendFractions(of: edge.geometry, to: &fractions)
            points.append(contentsOf: edge.geometry)
            precondition(points.count < Int(Int32.max), "more road points than 32-bit indices hold")
            pointStart.append(Int32(points.count))
        }
        edgeFrom = from; edgeTo = to; edgeSeconds = seconds; edgeMetres = metres
        edgeOneWay = oneWay; self.edgeIDs = edgeIDs; edgeInputIndex = inputIndex
        self.pointStart = pointStart; self.points = points; pointFractions = fractions

        (forwardStart, forwardArcs) = Self.adjacency(
            nodeCount: ids.count, from: from, to: to, oneWay: oneWay, seconds: seconds, metres: metres, backward: false)
        (backwardStart, backwardArcs) = Self.adjacency(
            nodeCount: ids.count, from: from, to: to, oneWay: oneWay, seconds: seconds, metres: metres, backward: true)
    }

    static func isDrivable(_ edge: RoadEdge) -> Bool {
        edge.geometry.count >= 2 && edge.lengthMetres.isFinite && edge.lengthMetres >= 0
            && edge.speedKmh.isFinite && edge.speedKmh > 0
    }

    private static func removingAdjacentDuplicates(_ sorted: [Int64]) -> [Int64] {
        var unique = [Int64]()
        unique.reserveCapacity(sorted.count)
        for id in sorted where unique.last != id { unique.append(id) }
        return unique
    }

    private static func position(of id: Int64, in sorted: [Int64]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Cumulative share of the length at each point. Segments are measured
    /// flat (they are short); only their proportions are kept, so positions
    /// along an edge scale to the importer's geodesic length exactly.
    private static func appendFractions(of geometry: [Coordinate], to fractions: inout [Double]) {
        let base = fractions.count
        var total = 0.0
        fractions.append(0)
        for i in 1..<geometry.count {
            total += LocalProjection.distance(geometry[i - 1], geometry[i])
            fractions.append(total)
        }
        let last = geometry.count - 1
        for i in 1...last {
            // A zero-length polyline still needs increasing fractions to interpolate along.
            fractions[base + i] = total > 0 ? fractions[base + i] / total : Double(i) / Double(last)
        }
        fractions[base + last] = 1
    }

    /// Counting sort of the arcs by their tail (forward) or head (backward):
    /// linear, and arcs of a node keep the input order, so builds are deterministic.
    private static func adjacency(
        nodeCount: Int, from: [Int32], to: [Int32], oneWay: [Bool], seconds: [Double], metres: [Double], backward: Bool
    ) -> ([Int32], [Arc]) {
        var start = [Int32](repeating: 0, count: nodeCount + 1)
        func forEachArc(_ body: (_ tail: Int32, _ head: Int32, _ edge: Int, _ against: Bool) -> Void) {
            for edge in from.indices where from[edge] != to[edge] {
                body(from[edge], to[edge], edge, false)
                if !oneWay[edge] { body(to[edge], from[edge], edge, true) }
            }
        }
        forEachArc { tail, head, _, _ in start[Int(backward ? head : tail) + 1] += 1 }
        for node in 0..<nodeCount { start[node + 1] += start[node] }
        var next = start
        let placeholder = Arc(head: 0, edge: 0, againstGeometry: false, seconds: 0, metres: 0)
        var arcs = [Arc](repeating: placeholder, count: Int(start[nodeCount]))
        forEachArc { tail, head, edge, against in
            let owner = Int(backward ? head : tail)
            arcs[Int(next[owner])] = Arc(head: backward ? tail : head, edge: Int32(edge), againstGeometry: against,
                                         seconds: seconds[edge], metres: metres[edge])
            next[owner] += 1
        }
        return (start, arcs)
    }
}
