import GeoCore
import Store

/// Records of one kind held in memory beside their geodesic index: what
/// the engine searches. Slots are stable positions in `records`.
struct Roster<Record: StoredRecord> {
    private(set) var records: [Record?]
    private var slotOf: [String: Int]
    private var index: GeodesicIndex
    private let locate: @Sendable (Record) -> Coordinate

    init(_ records: [Record], location: @escaping @Sendable (Record) -> Coordinate) {
        self.records = records
        self.locate = location
        slotOf = Dictionary(uniqueKeysWithValues: records.enumerated().map { ($1.id, $0) })
        index = GeodesicIndex(coordinates: records.map(location))
    }

    var count: Int { slotOf.count }

    func record(id: String) -> Record? {
        slotOf[id].flatMap { records[$0] }
    }

    /// Adds or replaces a record; its index entry follows its location.
    mutating func upsert(_ record: Record) {
        if let slot = slotOf[record.id] {
            let moved = records[slot].map(locate) != locate(record)
            records[slot] = record
            if moved { index.set(slot: slot, to: locate(record)) }
        } else {
            let slot = records.count
            records.append(record)
            slotOf[record.id] = slot
            index.set(slot: slot, to: locate(record))
        }
    }

    mutating func remove(id: String) {
        guard let slot = slotOf.removeValue(forKey: id) else { return }
        records[slot] = nil
        index.remove(slot: slot)
    }

    /// The candidates in nondecreasing geodesic distance; among equal
    /// distances in id order, so answers are deterministic.
    func nearest(to origin: Coordinate, _ body: (Record, Double) -> Bool) {
        var tied: [(Record, Double)] = []
        var stopped = false
        func flush() -> Bool {
            tied.sort { $0.0.id < $1.0.id }
            defer { tied.removeAll(keepingCapacity: true) }
            for (record, distance) in tied where !body(record, distance) { return false }
            return true
        }
        index.nearest(to: origin) { slot, distance in
            guard let record = records[slot] else { return true }
            if let last = tied.last, last.1 != distance, !flush() {
                stopped = true
                return false
            }
            tied.append((record, distance))
            return true
        }
        if !stopped { _ = flush() }
    }
}
