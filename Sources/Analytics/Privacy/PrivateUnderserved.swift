import Foundation
import Store

/// Per-area figures and the underserved ranking from released noisy counts:
/// calls, rates, shares and ETA percentiles are post-processing of noisy
/// area counts and histograms; accessibility and beds owe nothing to calls
/// and are computed as in the exact report. A figure whose noisy count (for
/// a share its denominator, for a percentile the calls behind it) is below
/// `minCount` is absent.
public enum PrivateUnderserved {
    public static func run(
        _ inputs: PlanningInputs, _ settings: PlanningSettings, nodes: [ReleaseNode], categories: Set<CallCategory>?,
        counts: ReleasedCounts, minCount: Int
    ) async throws -> UnderservedReport {
        var stopwatch = Stopwatch()
        let areas = inputs.areas.sorted { $0.id < $1.id }
        let units = areas.map(\.id)
        let projection = try PlanningProjection(areas: areas, calls: CallPoints())
        let dispositions = try await counts.perBin(.areasDisposition, nodes: nodes, units: units)
        let callTotals: [Int64]
        if let categories {
            let bins = CallCategory.allCases.indices.filter { categories.contains(CallCategory.allCases[$0]) }
            callTotals = try await counts.sum(.areasCategory, bins: bins, nodes: nodes, units: units)
        } else {
            callTotals = try await counts.sum(.areas, bins: [0], nodes: nodes, units: units)
        }
        // Histograms of every category: a category-filtered report has no ETAs or shares of its own.
        let facilityETAs = categories == nil ? try await counts.perBin(.areasFacilityETA, nodes: nodes, units: units) : []
        let teamETAs = categories == nil ? try await counts.perBin(.areasTeamETA, nodes: nodes, units: units) : []
        let totals = try await counts.perBin(.totals, nodes: nodes, units: ["all"])[0]
        stopwatch.lap("releases")
        let access = try AreaAccess.compute(inputs, settings, areas: areas, projection: projection)
        stopwatch.lap("access")

        let shown = { (value: Int64) -> Int? in value >= Int64(minCount) ? Int(value) : nil }
        let arrest = Disposition.allCases.firstIndex(of: .arrest)!, hospital = Disposition.allCases.firstIndex(of: .hospitalized)!
        var rows: [AreaFigures] = areas.indices.map { k in
            var row = access.row(k, area: areas[k], settings: settings)
            let people = Double(areas[k].population)
            row.calls = shown(callTotals[k])
            row.callsPer1000 = row.calls.flatMap { people > 0 ? Double($0) / people * 1_000 : nil }
            // Gates use unclamped noisy sums: clamping each bin first would add up to a count where there are no calls.
            if categories == nil, row.calls != nil {
                let recorded = Array(dispositions[k].dropLast())
                if let denominator = shown(recorded.reduce(0, +)) {
                    row.arrestShare = min(1, Double(max(0, recorded[arrest])) / Double(denominator))
                    row.hospitalizedShare = min(1, Double(max(0, recorded[hospital])) / Double(denominator))
                }
                let facility = NoisyHistogram(facilityETAs[k], minCount: minCount)
                row.etaP50 = facility?.percentile(0.5)
                row.etaP90 = facility?.percentile(0.9)
                let team = NoisyHistogram(teamETAs[k], minCount: minCount)
                row.teamEtaP50 = team?.percentile(0.5)
                row.teamEtaP90 = team?.percentile(0.9)
                row.withinTargetShare = team?.share(below: settings.targetSeconds)
            }
            return row
        }
        UnderservedScore.apply(&rows)
        stopwatch.lap("score")
        let clamped = totals.map { max(0, $0) }
        return UnderservedReport(
            rows: rows.sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }, etaMethod: settings.etaMethod,
            supplyKinds: inputs.supplyKinds, callsOutsideAreas: shown(clamped[2] + clamped[3]), callsInOverlaps: nil,
            areasWithoutPopulation: areas.filter { $0.population <= 0 }.map(\.id), crs: projection.crs, timings: stopwatch.timings,
            callsOffRoadNetwork: settings.roads == nil ? nil : (shown(clamped[1] + clamped[3]) ?? 0),
            privacy: .released(nodes: nodes.map(\.description), epsilon: counts.budget.epsilon))
    }
}

/// A noisy ETA histogram (`ETABins`), read without clamping bins: clamping each
/// bin at zero would pile noise into bins with no calls and bias every figure
/// upwards; the raw noisy sums are unbiased, and only the results are clamped.
struct NoisyHistogram {
    let bins: [Double]
    let total: Double

    /// Nil when fewer than `minCount` noisy calls stand behind it.
    init?(_ noisy: [Int64], minCount: Int) {
        let sum = noisy.reduce(0, +)
        guard sum >= Int64(minCount) else { return nil }
        bins = noisy.map(Double.init)
        total = Double(sum)
    }

    /// Seconds: where the noisy cumulative count first reaches p of the total, interpolated within
    /// that bin; the open last bin gives its lower edge.
    func percentile(_ p: Double) -> Double {
        let target = p * total
        var cumulative = 0.0
        for (index, count) in bins.enumerated() {
            if count > 0, cumulative + count >= target {
                let low = ETABins.edges[index]
                guard index + 1 < ETABins.edges.count else { return low * 60 }
                let fraction = min(1, max(0, (target - cumulative) / count))
                return (low + fraction * (ETABins.edges[index + 1] - low)) * 60
            }
            cumulative += count
        }
        return (ETABins.edges.last ?? 0) * 60
    }

    /// The share of calls under `seconds`, interpolating within its bin, clamped to 0...1.
    func share(below seconds: Double) -> Double {
        let minutes = seconds / 60
        var within = 0.0
        for (index, count) in bins.enumerated() {
            let low = ETABins.edges[index]
            let high = index + 1 < ETABins.edges.count ? ETABins.edges[index + 1] : .infinity
            if high <= minutes { within += count } else if low < minutes, high.isFinite {
                within += count * (minutes - low) / (high - low)
            }
        }
        return min(1, max(0, within / total))
    }
}
