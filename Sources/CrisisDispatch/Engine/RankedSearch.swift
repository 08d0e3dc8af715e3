import GeoCore
import Store

/// The search both rankings share: walk candidates outwards, keep the first
/// `limit` that no rule excludes, and remember the nearer ones that a rule
/// removed, with the reasons.
struct RankedSearch<Record: StoredRecord, Class: Hashable>: Sendable {
    var limit: Int
    /// Candidates farther than this are not considered (a search with no
    /// possible answer must not walk a state's whole registry).
    var maxDistance: Double
    /// Whether a class of records can pass at all (time-independent rules),
    /// and the same test on one record.
    var admits: @Sendable (Class) -> Bool
    var admitsRecord: @Sendable (Record) -> Bool
    /// Every rule, time-dependent ones included; empty means eligible.
    var reasons: @Sendable (Record) -> [ExclusionReason]

    func run(_ roster: Roster<Record, Class>, from origin: Coordinate)
        -> (accepted: [(Record, Double)], excluded: [Exclusion<Record>])
    {
        var accepted: [(Record, Double)] = []
        var excluded: [Exclusion<Record>] = []
        // Once every record that could pass has been seen, nothing farther can.
        let possible = roster.count(where: admits)
        var seenPossible = 0
        if possible > 0 {
            roster.nearest(to: origin) { record, distance in
                guard distance <= maxDistance else { return false }
                if admitsRecord(record) { seenPossible += 1 }
                let why = reasons(record)
                if why.isEmpty {
                    accepted.append((record, distance))
                } else {
                    excluded.append(Exclusion(record: record, distance: distance, reasons: why))
                }
                return accepted.count < limit && seenPossible < possible
            }
        }
        // Only the candidates nearer than the last result matter; with no
        // result at all, the nearest few are listed to say why.
        if let last = accepted.last {
            excluded = excluded.filter { ($0.distance, $0.record.id) < (last.1, last.0.id) }
        } else if excluded.isEmpty, possible == 0 {
            // No record can pass: show the nearest ones and why.
            roster.nearest(to: origin) { record, distance in
                guard distance <= maxDistance, excluded.count < limit else { return false }
                excluded.append(Exclusion(record: record, distance: distance, reasons: reasons(record)))
                return excluded.count < limit
            }
        } else {
            excluded = Array(excluded.prefix(limit))
        }
        return (accepted, excluded)
    }
}
