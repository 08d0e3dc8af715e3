import CrisisDispatch
import Foundation
import Store

/// Plain-text answers for a person at a terminal: ranked results, then the
/// nearer candidates passed over and why.
struct TeamTable {
    let text: String

    init(_ answer: TeamRecommendation) {
        var lines = ["Teams for a call at \(Self.place(answer)) (ETA: \(answer.etaMethod.replacingOccurrences(of: "_", with: "-")))"]
        if answer.results.isEmpty { lines.append("  no team can be recommended") }
        for result in answer.results {
            let team = result.team
            lines.append("  \(result.rank). \(team.callSign ?? team.id) (\(team.id), \(team.model.rawValue))"
                         + "  \(Self.km(result.distance))  ETA \(Self.minutes(result.eta))  fix \(Self.age(result.fixAge)) old")
        }
        if !answer.excluded.isEmpty {
            lines.append("Passed over:")
            for exclusion in answer.excluded {
                let team = exclusion.record
                lines.append("  \(team.callSign ?? team.id) (\(team.id))  \(Self.km(exclusion.distance))  "
                             + exclusion.reasons.map(\.rawValue).joined(separator: ", "))
            }
        }
        text = lines.joined(separator: "\n")
    }

    static func place<R, E>(_ answer: Recommendation<R, E>) -> String {
        String(format: "%.5f, %.5f", answer.location.latitude, answer.location.longitude)
    }

    static func km(_ metres: Double) -> String { String(format: "%.1f km", metres / 1000) }
    static func minutes(_ seconds: Double) -> String { String(format: "%.0f min", (seconds / 60).rounded(.up)) }
    static func age(_ seconds: Double) -> String {
        seconds < 120 ? String(format: "%.0f s", seconds) : String(format: "%.0f min", seconds / 60)
    }
}

struct FacilityTable {
    let text: String

    init(_ answer: FacilityRecommendation) {
        var lines = ["Facilities for a person at \(TeamTable.place(answer)) (ETA: \(answer.etaMethod.replacingOccurrences(of: "_", with: "-")))"]
        if answer.results.isEmpty { lines.append("  no facility can take this person now") }
        for result in answer.results {
            let facility = result.facility
            var beds = ""
            if let available = facility.bedsAvailable {
                beds = "  beds \(available)"
                if let age = result.availabilityAge { beds += " (\(TeamTable.age(age)) ago)" }
                if result.availabilityStale { beds += " UNCONFIRMED" }
            }
            lines.append("  \(result.rank). \(facility.name) (\(facility.id), \(facility.kind.rawValue))"
                         + "  \(TeamTable.km(result.distance))  ETA \(TeamTable.minutes(result.eta))\(beds)")
        }
        if !answer.excluded.isEmpty {
            lines.append("Passed over:")
            for exclusion in answer.excluded {
                lines.append("  \(exclusion.record.name) (\(exclusion.record.id))  \(TeamTable.km(exclusion.distance))  "
                             + exclusion.reasons.map(\.rawValue).joined(separator: ", "))
            }
        }
        text = lines.joined(separator: "\n")
    }
}
