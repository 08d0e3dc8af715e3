import Store

/// The levels of the release hierarchy. A call appears once at each: in its
/// month, its quarter and its year, so summing a year from months is never
/// needed (twelve noises), and a year costs one.
public enum ReleaseLevel: String, CaseIterable, Sendable, Codable {
    case month, quarter, year
}

/// What a release counts. Each view places one call in exactly one unit
/// and bin (or none), so adding or removing one call changes one count of
/// each view by one: the sensitivity the noise is scaled to.
public enum ReleaseView: String, CaseIterable, Sendable, Codable {
    /// Release-grid cells, all calls.
    case cells
    /// Cells by category (one bin per `CallCategory`).
    case cellsCategory = "cells_category"
    /// Cells by local hour and weekday/weekend: bin = hour x 2 + (weekend ? 1 : 0).
    case cellsTime = "cells_time"
    /// Areas, all calls: the per-area count the ranking rests on, in one bin so it sums one noise.
    case areas
    /// Areas by disposition (one bin per `Disposition`, then one for unrecorded).
    case areasDisposition = "areas_disposition"
    /// Areas by category.
    case areasCategory = "areas_category"
    /// Areas by the ETA from the call to the nearest 24/7 crisis facility (`ETABins`).
    case areasFacilityETA = "areas_facility_eta"
    /// Areas by the ETA from the nearest team to the call.
    case areasTeamETA = "areas_team_eta"
    /// One unit (`all`): inside an area or not x on the road network or not (bin = outside x 2 + offNetwork).
    case totals

    public var binCount: Int {
        switch self {
        case .cells, .areas: 1
        case .cellsCategory, .areasCategory: CallCategory.allCases.count
        case .cellsTime: 48
        case .areasDisposition: Disposition.allCases.count + 1
        case .areasFacilityETA, .areasTeamETA: ETABins.edges.count
        case .totals: 4
        }
    }

    public var isCellView: Bool { [.cells, .cellsCategory, .cellsTime].contains(self) }

    /// Shares of the total budget, per level (month, quarter, year), summing to 1 over every view and level.
    /// Most goes where planners look most, the all-calls density (a year is answered from its year
    /// node or its quarters, whichever is less noisy; any twelve months from at most five nodes);
    /// then the figures the underserved score rests on (calls per area, ETAs).
    var budgetShares: [ReleaseLevel: Double] {
        let eighths: (Double, Double, Double) = switch self {
        case .cells: (0.8, 1.1, 0.7)
        case .cellsCategory: (0.1, 0.1, 0.15)
        case .cellsTime: (0.1, 0.1, 0.15)
        case .areas: (0.45, 0.6, 0.55)
        case .areasDisposition: (0.15, 0.15, 0.2)
        case .areasCategory: (0.05, 0.05, 0.1)
        case .areasFacilityETA: (0.3, 0.45, 0.35)
        case .areasTeamETA: (0.3, 0.45, 0.35)
        case .totals: (0.05, 0.05, 0.1)
        }
        return [.month: eighths.0 / 8, .quarter: eighths.1 / 8, .year: eighths.2 / 8]
    }
}

/// ETA histogram bins, in minutes: a bin holds [edge, next edge); the last is open.
/// Fine where response standards sit (under half an hour), coarse beyond, so
/// a percentile sums few noises.
public enum ETABins {
    public static let edges: [Double] = [0, 5, 10, 15, 20, 30, 45, 60]

    public static func bin(seconds: Double) -> Int {
        let minutes = seconds / 60
        return (edges.lastIndex { $0 <= minutes } ?? 0)
    }
}

/// How a store's total epsilon is spent: a rate per view and level.
public struct PrivacyBudget: Sendable, Hashable {
    public var epsilon: Double

    public init(epsilon: Double) { self.epsilon = epsilon }

    public static let defaultEpsilon = 8.0

    public func rate(_ view: ReleaseView, _ level: ReleaseLevel) -> PrivacyRate {
        // Rounded down to thousandths, so the rates never add up to more than the budget.
        let share = epsilon * (view.budgetShares[level] ?? 0)
        return PrivacyRate(numerator: max(1, Int((share * 1000 + 1e-9).rounded(.down))), denominator: 1000)
    }

    /// The epsilon one view spends on a call over all three levels.
    public func epsilon(of view: ReleaseView) -> Double {
        ReleaseLevel.allCases.reduce(0) { $0 + rate(view, $1).epsilon }
    }

    /// The whole loss of one call, as the rates actually used (after rounding) add up.
    public var spent: Double { ReleaseView.allCases.reduce(0) { $0 + epsilon(of: $1) } }
}
