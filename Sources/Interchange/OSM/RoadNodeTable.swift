/// The nodes the kept roads refer to: their ids sorted, and per id the
/// position once pass 2 has read it and how many times roads pass through it.
///
/// Flat arrays indexed by an id's rank rather than a dictionary: a state's
/// roads refer to millions of nodes, and three arrays take about a third of
/// the memory a `[Int64: ...]` would, with no hashing in the node pass.
struct RoadNodeTable {
    static let unknown = Int64.min

    private(set) var ids: [Int64]
    private(set) var latitudes: [Int64]
    private(set) var longitudes: [Int64]
    /// Road passages through each node, stopping at 2: enough to tell a
    /// junction (or a way's own loop) from an inner node.
    private var passages: [UInt8]

    /// Takes the ids (every reference of every kept way) by move and sorts
    /// them in place: at millions of references a copy is not free.
    init(ids unsorted: consuming [Int64]) {
        var ids = consume unsorted
        ids.sort()
        var unique = 0
        for i in ids.indices where unique == 0 || ids[unique - 1] != ids[i] {
            ids[unique] = ids[i]
            unique += 1
        }
        ids.removeLast(ids.count - unique)
        self.ids = ids
        latitudes = Array(repeating: Self.unknown, count: unique)
        longitudes = Array(repeating: Self.unknown, count: unique)
        passages = Array(repeating: 0, count: unique)
    }

    var count: Int { ids.count }

    /// The id's rank, or nil when no kept road uses it.
    func index(of id: Int64) -> Int? {
        ids.withUnsafeBufferPointer { buffer in
            guard let first = buffer.first, let last = buffer.last, id >= first, id <= last else { return nil }
            var low = 0
            var high = buffer.count
            while low < high {
                let middle = (low + high) / 2
                if buffer[middle] < id { low = middle + 1 } else { high = middle }
            }
            return buffer[low] == id ? low : nil
        }
    }

    mutating func setPosition(_ index: Int, latitude: Int64, longitude: Int64) {
        latitudes[index] = latitude
        longitudes[index] = longitude
    }

    func hasPosition(_ index: Int) -> Bool { latitudes[index] != Self.unknown }

    mutating func pass(_ index: Int) {
        if passages[index] < 2 { passages[index] += 1 }
    }

    /// Two passages or more: a junction, or where a way meets itself.
    func isJunction(_ index: Int) -> Bool { passages[index] >= 2 }
}
