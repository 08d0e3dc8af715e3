/// A binary min-heap of (key, node) pairs for Dijkstra with lazy deletion:
/// a node whose cost improves is pushed again and the stale entry is skipped
/// when it surfaces. Road graphs have so few arcs per node that this beats
/// an indexed heap's position bookkeeping, and HeapModule's min-max heap
/// compares more per level than a plain binary heap needs to.
struct MinHeap: Sendable {
    struct Entry: Sendable {
        var key: Double
        var node: Int32
    }

    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// The smallest key, or infinity when empty.
    var minimumKey: Double { entries.first?.key ?? .infinity }

    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
    }

    mutating func push(_ key: Double, _ node: Int32) {
        let entry = Entry(key: key, node: node)
        entries.append(entry)
        entries.withUnsafeMutableBufferPointer { heap in
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                if heap[parent].key <= key { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = entry
        }
    }

    mutating func pop() -> Entry? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        if entries.isEmpty { return top }
        // Unchecked indexing in the sift: the hottest loop of every search.
        entries.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var parent = 0
            while true {
                var child = 2 * parent + 1
                if child >= count { break }
                if child + 1 < count, heap[child + 1].key < heap[child].key { child += 1 }
                if last.key <= heap[child].key { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = last
        }
        return top
    }
}
