import GeoCore
import HeapModule

/// An in-memory nearest-neighbour index with exact WGS84 geodesic answers.
///
/// Points live in a 3-D tree over geocentric (ECEF) positions. The chord
/// between two surface points is never longer than their geodesic, so
/// chord distances to tree boxes and to points are exact lower bounds: a
/// best-first search yields points in true geodesic order while computing
/// the (costlier) geodesic only for points whose chord bound reaches the
/// search frontier. Unlike a latitude/longitude box search it needs no
/// widening, and poles and the antimeridian are ordinary places.
///
/// Points can be added, moved and removed in place (team positions change
/// thousands of times a second): a point goes to the leaf its position falls
/// in, boxes grow on the way down and a leaf that overflows is split.
struct GeodesicIndex {
    private struct Node {
        var low: Geocentric
        var high: Geocentric
        /// Index of the first child (the second is `first + 1`), or -1 for a leaf.
        var firstChild: Int32
        var axis: Int8
        var split: Double
        /// The bucket of a leaf, or -1.
        var bucket: Int32
    }

    static let leafCapacity = 12

    private var nodes: [Node] = []
    private var buckets: [[Int32]] = []
    private(set) var coordinates: [Coordinate] = []
    private var positions: [Geocentric] = []
    /// The leaf node holding each slot, or -1 for a slot without a position.
    private var leafOf: [Int32] = []

    /// Builds the index over `coordinates`; slot `i` is `coordinates[i]`.
    init(coordinates: [Coordinate]) {
        self.coordinates = coordinates
        positions = coordinates.map(Geocentric.init)
        leafOf = Array(repeating: -1, count: coordinates.count)
        var slots = (0..<Int32(coordinates.count)).map { $0 }
        nodes.reserveCapacity(2 * coordinates.count / Self.leafCapacity + 2)
        nodes.append(Self.emptyNode())
        slots.withUnsafeMutableBufferPointer { build(node: 0, slots: $0) }
    }

    var count: Int { leafOf.lazy.filter { $0 >= 0 }.count }

    // MARK: Changes

    /// Places `slot` at `coordinate`: adds it, or moves it if already present.
    mutating func set(slot: Int, to coordinate: Coordinate) {
        if slot >= coordinates.count {
            let missing = slot + 1 - coordinates.count
            coordinates += Array(repeating: coordinate, count: missing)
            positions += Array(repeating: Geocentric(coordinate), count: missing)
            leafOf += Array(repeating: -1, count: missing)
        }
        remove(slot: slot)
        coordinates[slot] = coordinate
        positions[slot] = Geocentric(coordinate)
        insert(Int32(slot))
    }

    mutating func remove(slot: Int) {
        guard slot < leafOf.count, leafOf[slot] >= 0 else { return }
        let bucket = Int(nodes[Int(leafOf[slot])].bucket)
        if let index = buckets[bucket].firstIndex(of: Int32(slot)) {
            buckets[bucket].swapAt(index, buckets[bucket].count - 1)
            buckets[bucket].removeLast()
        }
        leafOf[slot] = -1
    }

    // MARK: Search

    private struct Entry: Comparable {
        /// Metres: a lower bound for boxes and chord entries, exact for geodesic ones.
        var key: Double
        /// 0 box, 1 point with a chord bound, 2 point with its geodesic distance.
        var stage: UInt8
        var reference: Int32
        /// The geodesic distance itself, for stage 2 (the key may be clamped to the bound).
        var distance = 0.0

        static func < (a: Entry, b: Entry) -> Bool {
            a.key != b.key ? a.key < b.key : a.stage < b.stage
        }
    }

    /// Calls `body` with slots in nondecreasing geodesic distance from
    /// `origin` until it returns false or every point has been seen.
    func nearest(to origin: Coordinate, _ body: (_ slot: Int, _ distance: Double) -> Bool) {
        guard !nodes.isEmpty else { return }
        let query = Geocentric(origin)
        var heap = Heap<Entry>()
        heap.insert(Entry(key: lowerBound(query, nodes[0]), stage: 0, reference: 0))
        while let entry = heap.popMin() {
            switch entry.stage {
            case 0:
                let node = nodes[Int(entry.reference)]
                if node.bucket >= 0 {
                    for slot in buckets[Int(node.bucket)] {
                        let chord = positions[Int(slot)].chordDistanceSquared(to: query).squareRoot()
                        heap.insert(Entry(key: chord, stage: 1, reference: slot))
                    }
                } else {
                    let left = node.firstChild
                    heap.insert(Entry(key: lowerBound(query, nodes[Int(left)]), stage: 0, reference: left))
                    heap.insert(Entry(key: lowerBound(query, nodes[Int(left + 1)]), stage: 0, reference: left + 1))
                }
            case 1:
                let distance = Geodesic.wgs84.distance(from: origin, to: coordinates[Int(entry.reference)])
                // Rounding can put the geodesic a hair under its chord; never below the bound popped.
                heap.insert(Entry(key: max(distance, entry.key), stage: 2, reference: entry.reference, distance: distance))
            default:
                if !body(Int(entry.reference), entry.distance) { return }
            }
        }
    }

    private func lowerBound(_ point: Geocentric, _ node: Node) -> Double {
        var sum = 0.0
        for axis in 0..<3 {
            let value = point[axis]
            let gap = value < node.low[axis] ? node.low[axis] - value : (value > node.high[axis] ? value - node.high[axis] : 0)
            sum += gap * gap
        }
        return sum.squareRoot()
    }

    // MARK: Building

    private static func emptyNode() -> Node {
        let far = Geocentric(x: .infinity, y: .infinity, z: .infinity)
        let near = Geocentric(x: -.infinity, y: -.infinity, z: -.infinity)
        return Node(low: far, high: near, firstChild: -1, axis: 0, split: 0, bucket: -1)
    }

    private mutating func build(node: Int, slots: UnsafeMutableBufferPointer<Int32>) {
        var low = Geocentric(x: .infinity, y: .infinity, z: .infinity)
        var high = Geocentric(x: -.infinity, y: -.infinity, z: -.infinity)
        for slot in slots { Self.extend(&low, &high, positions[Int(slot)]) }
        nodes[node].low = low
        nodes[node].high = high
        guard slots.count > Self.leafCapacity else {
            nodes[node].bucket = Int32(buckets.count)
            buckets.append(Array(slots))
            for slot in slots { leafOf[Int(slot)] = Int32(node) }
            return
        }
        let spreads = [high.x - low.x, high.y - low.y, high.z - low.z]
        let axis = spreads.indices.max { spreads[$0] < spreads[$1] }!
        let middle = slots.count / 2
        select(slots, k: middle, axis: axis)
        let first = nodes.count
        nodes.append(Self.emptyNode())
        nodes.append(Self.emptyNode())
        nodes[node].firstChild = Int32(first)
        nodes[node].axis = Int8(axis)
        nodes[node].split = positions[Int(slots[middle])][axis]
        build(node: first, slots: UnsafeMutableBufferPointer(rebasing: slots[..<middle]))
        build(node: first + 1, slots: UnsafeMutableBufferPointer(rebasing: slots[middle...]))
    }

    /// Quickselect: afterwards slots[k] holds the k-th smallest along `axis`,
    /// with smaller-or-equal values before it and greater-or-equal after.
    private func select(_ slots: UnsafeMutableBufferPointer<Int32>, k: Int, axis: Int) {
        var low = 0
        var high = slots.count - 1
        while low < high {
            let pivot = positions[Int(slots[(low + high) / 2])][axis]
            var i = low
            var j = high
            while i <= j {
                while positions[Int(slots[i])][axis] < pivot { i += 1 }
                while positions[Int(slots[j])][axis] > pivot { j -= 1 }
                if i <= j {
                    slots.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { high = j } else if k >= i { low = i } else { return }
        }
    }

    private static func extend(_ low: inout Geocentric, _ high: inout Geocentric, _ point: Geocentric) {
        low.x = min(low.x, point.x)
        low.y = min(low.y, point.y)
        low.z = min(low.z, point.z)
        high.x = max(high.x, point.x)
        high.y = max(high.y, point.y)
        high.z = max(high.z, point.z)
    }

    private mutating func insert(_ slot: Int32) {
        let point = positions[Int(slot)]
        var node = 0
        while true {
            var (low, high) = (nodes[node].low, nodes[node].high)
            Self.extend(&low, &high, point)
            nodes[node].low = low
            nodes[node].high = high
            if nodes[node].bucket >= 0 { break }
            let goRight = point[Int(nodes[node].axis)] >= nodes[node].split
            node = Int(nodes[node].firstChild) + (goRight ? 1 : 0)
        }
        let bucket = Int(nodes[node].bucket)
        buckets[bucket].append(slot)
        leafOf[Int(slot)] = Int32(node)
        if buckets[bucket].count > 4 * Self.leafCapacity { splitLeaf(node) }
    }

    /// Turns an overflowing leaf into a small subtree (its old bucket is left empty).
    private mutating func splitLeaf(_ node: Int) {
        var slots = buckets[Int(nodes[node].bucket)]
        buckets[Int(nodes[node].bucket)] = []
        nodes[node].bucket = -1
        slots.withUnsafeMutableBufferPointer { build(node: node, slots: $0) }
    }
}
