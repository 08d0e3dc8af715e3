import GeoCore
import Store

/// The search both rankings share: walk candidates outwards, keep the first
/// `limit` that no rule excludes, and remember the nearer ones that a rule
/// removed, with the reasons.
enum RankedSearch {
    static func run<Record: StoredRecord>(
        _ roster: Roster<Record>,
        from origin: Coordinate,
        limit: Int,
        eligibleCount: Int,
        reasons: (Record) -> [ExclusionReason]
    ) -> (accepted: [(Record, Double)], excluded: [Exclusion<Record>]) {
        var accepted: [(Record, Double)] = []
        var excluded: [Exclusion<Record>] = []
        // Stop as soon as every candidate that could pass has been found,
        // rather than walking the whole roster to prove there is no other.
        let wanted = min(limit, eligibleCount)
        guard wanted > 0 || limit > 0 else { return ([], []) }
        roster.nearest(to: origin) { record, distance in
            let why = reasons(record)
            if why.isEmpty {
                accepted.append((record, distance))
            } else {
                excluded.append(Exclusion(record: record, distance: distance, reasons: why))
            }
            return accepted.count < wanted
        }
        // Only the candidates nearer than the last result matter; with no
        // result at all, the nearest few say why.
        if accepted.count < limit, !accepted.isEmpty {
            let last = accepted[accepted.count - 1]
            excluded = excluded.filter { ($0.distance, $0.record.id) < (last.1, last.0.id) }
        } else if accepted.isEmpty {
            excluded = Array(excluded.prefix(max(limit, 1)))
        }
        return (accepted, excluded)
    }
}
