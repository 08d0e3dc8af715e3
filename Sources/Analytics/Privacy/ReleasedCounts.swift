import Contract
import Foundation
import Store

/// What a release was made with, stored in its record as JSON.
public struct ReleaseParameters: Codable, Sendable, Hashable {
    public var version: Int
    public var epsilon: Double
    public var grid: GridSpec
    /// The areas counted, by id (area views have a unit for each, with or without calls).
    public var areas: [String]
    public var etaMethod: ETAMethod
    public var rates: [String: String]

    public init(epsilon: Double, grid: GridSpec, areas: [String], etaMethod: ETAMethod, budget: PrivacyBudget, level: ReleaseLevel) {
        version = 1
        self.epsilon = epsilon
        self.grid = grid
        self.areas = areas
        self.etaMethod = etaMethod
        rates = Dictionary(uniqueKeysWithValues: ReleaseView.allCases.map { view in
            let rate = budget.rate(view, level)
            return (view.rawValue, "\(rate.numerator)/\(rate.denominator)")
        })
    }

    public var json: String { String(decoding: try! JSONEncoder.sorted.encode(self), as: UTF8.self) }

    public static func decode(_ text: String) -> ReleaseParameters? {
        try? JSONDecoder().decode(ReleaseParameters.self, from: Data(text.utf8))
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

/// Noisy counts summed over released nodes and bins, for every unit asked
/// for: a stored count where the unit had calls, else the unit's noise from
/// the same key. Everything a planner sees is computed from these sums.
public struct ReleasedCounts: Sendable {
    public var key: NoiseKey
    public var budget: PrivacyBudget
    /// Reads one view of one release (the store's `releaseCounts`).
    public var stored: @Sendable (_ node: String, _ view: String) async throws -> [ReleaseCount]

    public init(key: NoiseKey, budget: PrivacyBudget,
                stored: @escaping @Sendable (_ node: String, _ view: String) async throws -> [ReleaseCount]) {
        self.key = key
        self.budget = budget
        self.stored = stored
    }

    /// Sums aligned with `units`.
    public func sum(_ view: ReleaseView, bins: [Int], nodes: [ReleaseNode], units: [String]) async throws -> [Int64] {
        try await counts(view, bins: bins, nodes: nodes, units: units).map { $0.reduce(0, +) }
    }

    /// Per unit, one sum per bin (for histograms).
    public func perBin(_ view: ReleaseView, nodes: [ReleaseNode], units: [String]) async throws -> [[Int64]] {
        try await counts(view, bins: Array(0..<view.binCount), nodes: nodes, units: units)
    }

    /// Per unit, per bin asked for, summed over the nodes.
    private func counts(_ view: ReleaseView, bins: [Int], nodes: [ReleaseNode], units: [String]) async throws -> [[Int64]] {
        var totals = [[Int64]](repeating: [Int64](repeating: 0, count: bins.count), count: units.count)
        for node in nodes {
            let name = node.description
            let rate = budget.rate(view, node.level)
            var known: [String: [Int: Int64]] = [:]
            for count in try await stored(name, view.rawValue) { known[count.unit, default: [:]][count.bin] = count.noisy }
            for (index, unit) in units.enumerated() {
                let counted = known[unit]
                for (slot, bin) in bins.enumerated() {
                    totals[index][slot] += counted?[bin] ?? key.noise(node: name, view: view.rawValue, unit: unit, bin: bin, rate: rate)
                }
            }
        }
        return totals
    }

    /// The variance of one unit's sum: what the display threshold is set against.
    public func variance(_ view: ReleaseView, bins: Int, nodes: [ReleaseNode]) -> Double {
        nodes.reduce(0) { $0 + Double(bins) * DiscreteLaplace.variance(epsilon: budget.rate(view, $1.level).epsilon) }
    }
}
