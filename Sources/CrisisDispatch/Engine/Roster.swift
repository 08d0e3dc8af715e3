import GeoCore
import Store

/// Records of one kind held in memory beside their geodesic index: what
/// the engine searches. Slots are stable positions in `records`.
///
/// Records are also counted by `Class`, the attributes that decide whether a
/// record can ever pass a query's rules (a facility's kind, intake and ages;
/// a team's status and skills). A search that has seen every record of the
/// eligible classes stops there, instead of walking the whole roster to prove
/// there is nothing else: that is what keeps a query with no possible answer
/// as fast as one with many.
struct Roster<Record: StoredRecord, Class: Hashable> {
    private(set) var records: [Record?]
    private var slotOf: [String: Int]
    private var index: GeodesicIndex
    private(set) var classCounts: [Class: Int] = [:]
    private let locate: @Sendable (Record) -> Coordinate
    private let classify: @Sendable (Record) -> Class

    init(
        _ records: [Record],
        location: @escaping @Sendable (Record) -> Coordinate,
        class classify: @escaping @Sendable (Record) -> Class
    ) {
        self.records = records
        self.locate = location
        self.classify = classify
        slotOf = Dictionary(uniqueKeysWithValues: records.enumerated().map { ($1.id, $0) })
        index = GeodesicIndex(coordinates: records.map(location))
        for record in records { classCounts[classify(record), default: 0] += 1 }
    }

    var count: Int { slotOf.count }

    /// How many records belong to classes that `admits` lets through.
    func count(where admits: (Class) -> Bool) -> Int {
        classCounts.reduce(0) { $0 + (admits($1.key) ? $1.value : 0) }
    }

    func record(id: String) -> Record? {
        slotOf[id].flatMap { records[$0] }
    }

    /// Adds or replaces a record; its index entry follows its location.
    mutating func upsert(_ record: Record) {
        classCounts[classify(record), default: 0] += 1
        if let slot = slotOf[record.id] {
            if let old = records[slot] { classCounts[classify(old), default: 0] -= 1 }
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
        if let old = records[slot] { classCounts[classify(old), default: 0] -= 1 }
        records[slot] = nil
        index.remove(slot: slot)
    }

    /// The candidates in nondecreasing geodesic distance; among equal
    /// distances in id order, so answers are deterministic.
    ///
    /// Ties are held as slots, not records: a record is tens of counted
    /// fields, and copying each candidate into the tie list and out again
    /// was a tenth of a recommendation's retains and releases.
    func nearest(to origin: Coordinate, _ body: (Record, Double) -> Bool) {
        var tied: [(slot: Int, distance: Double)] = []
        var stopped = false
        func flush() -> Bool {
            if tied.count > 1 { tied.sort { records[$0.slot]!.id < records[$1.slot]!.id } }
            defer { tied.removeAll(keepingCapacity: true) }
            for (slot, distance) in tied where !body(records[slot]!, distance) { return false }
            return true
        }
        index.nearest(to: origin) { slot, distance in
            guard records[slot] != nil else { return true }
            if let last = tied.last, last.distance != distance, !flush() {
                stopped = true
                return false
            }
            tied.append((slot, distance))
            return true
        }
        if !stopped { _ = flush() }
    }
}
