import Contract
import CrisisDispatch
import Foundation
import Store

/// Plain-text answers for a person at a terminal: a heading, the ranked
/// results, then the nearer candidates passed over and why.
enum RecommendationTable {
    static func render<Result, Record: StoredRecord>(
        _ answer: Recommendation<Result, Record>,
        heading: String,
        empty: String,
        result: (Result) -> String,
        name: (Record) -> String
    ) -> String {
        let method = answer.etaMethod.rawValue.replacingOccurrences(of: "_", with: "-")
        var lines = [String(format: "%@ %.5f, %.5f (ETA: %@)", heading, answer.location.latitude, answer.location.longitude, method)]
        if answer.results.isEmpty { lines.append("  \(empty)") }
        lines += answer.results.map { "  " + result($0) }
        if !answer.excluded.isEmpty {
            lines.append("Passed over:")
            for exclusion in answer.excluded {
                lines.append("  \(name(exclusion.record)) (\(exclusion.record.id))  \(km(exclusion.distance))  "
                             + exclusion.reasons.map(\.rawValue).joined(separator: ", "))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func km(_ metres: Double) -> String { String(format: "%.1f km", metres / 1000) }
    static func minutes(_ seconds: Double) -> String { String(format: "%.0f min", (seconds / 60).rounded(.up)) }
    static func age(_ seconds: Double) -> String {
        if seconds < 120 { return String(format: "%.0f s", seconds) }
        if seconds < 3 * 3600 { return String(format: "%.0f min", seconds / 60) }
        return String(format: "%.0f h", seconds / 3600)
    }
}

struct TeamTable {
    let text: String

    init(_ answer: TeamRecommendation) {
        typealias Table = RecommendationTable
        text = Table.render(answer, heading: "Teams for a call at", empty: "no team can be recommended",
                            result: { result in
                                let team = result.team
                                return "\(result.rank). \(team.callSign ?? team.id) (\(team.id), \(team.model.rawValue))"
                                    + "  \(Table.km(result.distance))  ETA \(Table.minutes(result.eta))"
                                    + "  fix \(Table.age(result.fixAge)) old"
                            },
                            name: { $0.callSign ?? $0.id })
    }
}

struct FacilityTable {
    let text: String

    init(_ answer: FacilityRecommendation) {
        typealias Table = RecommendationTable
        text = Table.render(answer, heading: "Facilities for a person at", empty: "no facility can take this person now",
                            result: { result in
                                let facility = result.facility
                                var beds = ""
                                if let available = facility.bedsAvailable {
                                    beds = "  beds \(available)"
                                    if let age = result.availabilityAge { beds += " (\(Table.age(age)) ago)" }
                                    if result.availabilityStale { beds += " UNCONFIRMED" }
                                }
                                return "\(result.rank). \(facility.name) (\(facility.id), \(facility.kind.rawValue))"
                                    + "  \(Table.km(result.distance))  ETA \(Table.minutes(result.eta))\(beds)"
                            },
                            name: { $0.name })
    }
}
