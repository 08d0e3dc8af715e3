import Analytics
import Contract
import CrisisDispatch
import Foundation
import GeoCore
import Routing
import Store

/// Gathers what the planner's figures need from a store: areas, the
/// selected calls, crisis facilities and team positions, with the dispatch
/// ETA model.
///
/// Facilities play two parts. ETAs go to the nearest crisis receiving
/// facility open 24/7 (crisis stabilization, behavioral health urgent care:
/// where Crisis Now expects a person to be taken at any hour). The 2SFCA
/// supply is every crisis bed of the supply kinds, whatever the hours, with
/// a facility that states no beds (or none) counting as one place: accessibility asks
/// what care an area can reach, not where a team drives tonight.
public enum PlanningProduct {
    /// Where facility ETAs go (with 24/7 hours).
    public static let crisisKinds: Set<FacilityKind> = [.crisisStabilization, .behavioralHealthUrgentCare]

    /// Whose beds are the 2SFCA supply unless `--supply-kinds` says otherwise.
    public static let defaultSupplyKinds: [FacilityKind] = [.crisisStabilization, .crisisResidential, .behavioralHealthUrgentCare]

    public static func inputs(
        from store: any CrisisStore, calls filter: CallFilter, supplyKinds: [FacilityKind] = defaultSupplyKinds
    ) async throws -> PlanningInputs {
        var inputs = try await places(from: store, supplyKinds: supplyKinds)
        inputs.calls = try await store.callPoints(matching: filter)
        return inputs
    }

    /// Areas, crisis facilities and teams without any call: what private figures add released counts to.
    public static func places(from store: any CrisisStore, supplyKinds: [FacilityKind] = defaultSupplyKinds) async throws -> PlanningInputs {
        let facilities = try await store.facilities.all()
        let receiving = facilities.filter { crisisKinds.contains($0.kind) && ($0.hours?.isAlwaysOpen ?? true) }
        let kinds = Set(supplyKinds)
        let supply = facilities.filter { kinds.contains($0.kind) }
        return PlanningInputs(
            areas: try await store.areas.all(), calls: CallPoints(), facilities: receiving.map(\.location),
            supply: supply.map { PlanningInputs.Site(location: $0.location, capacity: Double(max($0.bedsTotal ?? 1, 1))) },
            supplyKinds: supplyKinds, teams: try await store.teams.all().map(\.location))
    }

    /// Facility kinds as users list them (`crisis_residential,crisis_stabilization`), each once, in their order.
    public static func supplyKinds(_ names: [String]) throws(HeatmapOptions.Problem) -> [FacilityKind] {
        var kinds: [FacilityKind] = []
        for name in names.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let kind = FacilityKind(rawValue: name) else {
                throw HeatmapOptions.Problem(
                    field: "supply_kinds",
                    message: "unknown facility kind '\(name)'; expected some of \(FacilityKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        guard !kinds.isEmpty else {
            throw HeatmapOptions.Problem(field: "supply_kinds", message: "name at least one facility kind, e.g. crisis_residential")
        }
        return kinds
    }

    /// The dispatch engine's straight-line model (circuity over speed) as a planning travel time.
    /// With `roads`, ETAs are drive times over them (`road_network`); the
    /// straight-line model still times calls that lie off the network.
    public static func settings(
        eta: StraightLineETA = StraightLineETA(), targetMinutes: Double = 30, catchment: Catchment = .minutes(30),
        targetBedsPer100k: Double? = nil, roads: RoadRouter? = nil
    ) -> PlanningSettings {
        let origin = Coordinate(uncheckedLatitude: 0, longitude: 0)
        let travel: @Sendable (Double) -> Double = { eta.travelTime(from: origin, to: origin, distance: $0) }
        let (limit, zones, inMetres) = catchment.zones
        return PlanningSettings(travelTime: travel, etaMethod: roads == nil ? eta.method : .roadNetwork, targetSeconds: targetMinutes * 60,
                                catchment: limit, zones: zones, catchmentInMetres: inMetres, targetBedsPer100k: targetBedsPer100k,
                                roads: roads)
    }

    /// A 2SFCA catchment as users give it: `30min` or `15km`.
    public enum Catchment: Sendable, Equatable {
        case minutes(Double)
        case metres(Double)

        /// The rule, in the words an error gives. Past 10 hours or 500 km a
        /// catchment is every facility in the state and only costs time.
        public static let rule = "expected a time like 30min or a distance like 15km (at most 600min or 500km)"

        public init?(text: String) {
            let lower = text.lowercased()
            if lower.hasSuffix("min"), let minutes = Double(lower.dropLast(3)), minutes > 0, minutes <= 600 {
                self = .minutes(minutes)
            } else if let metres = Distance.metres(lower), lower.hasSuffix("m"), metres > 0, metres <= 500_000 {
                self = .metres(metres)
            } else {
                return nil
            }
        }

        /// The catchment limit and E2SFCA zones: Luo and Qi's 0-10-20-30 minutes
        /// (weights 1, 0.68, 0.22) scaled to the catchment, in seconds or metres.
        var zones: (Double, [TwoStepFCA.Zone], Bool) {
            let (limit, inMetres) = switch self {
            case .minutes(let minutes): (minutes * 60, false)
            case .metres(let metres): (metres, true)
            }
            let zones = TwoStepFCA.luoQi.map { TwoStepFCA.Zone(limit: $0.limit / 1_800 * limit, weight: $0.weight) }
            return (limit, zones, inMetres)
        }
    }
}
