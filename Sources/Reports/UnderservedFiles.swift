import Analytics
import Contract
import Foundation
import GeoCore
import Interchange
import MapRender
import Store

/// The ranking as CSV (the contract columns, then the extras), GeoJSON
/// (areas with their figures) and a choropleth map of the score.
public struct UnderservedOutput: Sendable {
    public var report: UnderservedReport
    public var areas: [Area]
    public var period: String

    public init(report: UnderservedReport, areas: [Area], period: String) {
        self.report = report
        self.areas = areas
        self.period = period
    }

    public static let csvColumns = [
        "area_id", "name", "population", "calls", "calls_per_1000", "eta_p50_s", "eta_p90_s", "within_target_share",
        "access_2sfca", "access_e2sfca", "beds_per_100k", "score", "rank",
        "team_eta_p50_s", "team_eta_p90_s", "arrest_share", "hospitalized_share", "beds_shortfall_per_100k", "drivers", "supply_kinds", "eta_method",
    ]

    /// The 2SFCA supply kinds as one CSV field: `crisis_stabilization;crisis_residential`.
    private var supplyKinds: String { report.supplyKinds.map(\.rawValue).joined(separator: ";") }

    public func csv() -> String {
        var writer = CSVWriter()
        writer.writeRow(Self.csvColumns)
        for row in report.rows {
            let fields: [String] = [
                row.id, row.name, String(row.population), row.calls.map(String.init) ?? "", number(row.callsPer1000), number(row.etaP50),
                number(row.etaP90), number(row.withinTargetShare), number(row.access2SFCA), number(row.accessE2SFCA),
                number(row.bedsPer100k), number(row.score), String(row.rank), number(row.teamEtaP50), number(row.teamEtaP90),
                number(row.arrestShare), number(row.hospitalizedShare), number(row.bedsShortfallPer100k),
                row.drivers.joined(separator: "; "), supplyKinds, report.etaMethod.rawValue,
            ]
            writer.writeRow(fields)
        }
        // An exact table says so on its first line; a private one is a plain table.
        return (report.privacy.isPrivate ? "" : "# \(DensityFiles.exactMark)\n") + writer.text
    }

    public func geoJSON() throws -> String {
        let byID = Dictionary(uniqueKeysWithValues: areas.map { ($0.id, $0) })
        let features: [[String: Any]] = report.rows.compactMap { row in
            guard let area = byID[row.id] else { return nil }
            var properties: [String: Any] = ["id": row.id, "name": row.name, "population": row.population,
                                             "access_2sfca": row.access2SFCA, "access_e2sfca": row.accessE2SFCA,
                                             "score": row.score, "rank": row.rank, "drivers": row.drivers, "eta_method": report.etaMethod.rawValue]
            let optional: [(String, Double?)] = [
                ("calls_per_1000", row.callsPer1000), ("eta_p50_s", row.etaP50), ("eta_p90_s", row.etaP90),
                ("within_target_share", row.withinTargetShare), ("beds_per_100k", row.bedsPer100k), ("team_eta_p50_s", row.teamEtaP50),
                ("team_eta_p90_s", row.teamEtaP90), ("arrest_share", row.arrestShare), ("hospitalized_share", row.hospitalizedShare),
                ("beds_shortfall_per_100k", row.bedsShortfallPer100k),
            ]
            for (key, value) in optional { if let value { properties[key] = value } }
            if let calls = row.calls { properties["calls"] = calls }
            return ["type": "Feature", "geometry": area.geometry.geoJSONObject, "properties": properties]
        }
        let data = try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features,
                                                               "crisismap": report.privacy.header.merging(
                                                                   ["supply_kinds": report.supplyKinds.map(\.rawValue)]) { $1 }],
                                              options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// Areas coloured by score (the same ramp as the heat map, opaque), outlined and named.
    public func scene() throws -> MapScene {
        let transform = try CoordinateTransform(from: "EPSG:4326", to: report.crs)
        let scores = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.id, $0.score) })
        let low = scores.values.min() ?? 0, high = scores.values.max() ?? 1
        var ramp = ColorRamp.heat
        ramp.fadeBelow = 0
        var outlines: [Outline] = []
        var box: (Double, Double, Double, Double)?
        for area in areas {
            let rings = area.geometry.polygons.flatMap(\.rings).map { ring -> [(x: Double, y: Double)] in
                var xs = ring.map(\.longitude), ys = ring.map(\.latitude)
                transform.apply(xs: &xs, ys: &ys)
                return zip(xs, ys).map { (x: $0, y: $1) }
            }
            for point in rings.joined() where point.x.isFinite && point.y.isFinite {
                box = box.map { (min($0.0, point.x), min($0.1, point.y), max($0.2, point.x), max($0.3, point.y)) } ?? (point.x, point.y, point.x, point.y)
            }
            let t = high > low ? ((scores[area.id] ?? low) - low) / (high - low) : 0.5
            outlines.append(Outline(rings: rings, label: area.name, fill: ramp.color(at: 0.05 + 0.95 * t)))
        }
        let extent = box.map { Extent(minX: $0.0, minY: $0.1, maxX: $0.2, maxY: $0.3) } ?? Extent(minX: 0, minY: 0, maxX: 1, maxY: 1)
        var notes = [
            "Score: mean of standardised calls per 1,000 residents, low E2SFCA access, median ETA to the nearest 24/7 crisis facility and share of calls outside the response target; higher is worse.",
            "ETAs: \(report.etaMethod.rawValue.replacingOccurrences(of: "_", with: "-")) model, to the nearest 24/7 crisis stabilization or behavioral health urgent care facility.",
            "Access (2SFCA, E2SFCA): beds of \(report.supplyKinds.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", ")) "
                + "(a facility without beds counts 1).",
        ]
        if let outside = report.callsOutsideAreas, outside > 0 { notes.append("\(outside) calls lie outside every area.") }
        notes.append(report.privacy.note)
        let top = report.rows.prefix(3).map { "\($0.rank). \($0.name)" }.joined(separator: "  ")
        return MapScene(
            extent: extent, outlines: outlines,
            title: "Where crisis care is hardest to reach" + (report.privacy.isPrivate ? "" : " (exact: not for publication)"),
            subtitle: ["\(report.rows.count) areas, \(period)", "Most underserved: \(top)"],
            legend: Legend(colorBar: .init(ramp: ramp, low: String(format: "%.2f", low), high: String(format: "%.2f", high),
                                           unit: "Underserved score (standard deviations)"), notes: notes))
    }

    /// Writes by extension: .csv, .geojson, .png, .svg or .pdf.
    public func write(to path: String, renderer: MapRenderer = MapRenderer()) throws {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": try DensityFiles.atomicWrite(csv(), to: path)
        case "geojson", "json": try DensityFiles.atomicWrite(try geoJSON(), to: path)
        case "png", "svg", "pdf": try renderer.render(try scene(), to: path)
        default: throw MapRenderError(description: "\(path): unknown output; use .csv, .geojson, .png, .svg or .pdf")
        }
    }

    private func number(_ value: Double?) -> String { FileNumber.text(value) }
}

extension SurfacePrivacy {
    /// The legend line of a planner product.
    public var note: String {
        switch self {
        case .exact: "EXACT: NOT FOR PUBLICATION. Computed from the calls themselves."
        case .released(_, let epsilon):
            "Privacy: differentially private counts of released months (epsilon \(String(format: "%g", epsilon)) per call in all); "
                + "figures resting on fewer than 11 calls are not shown."
        }
    }

    /// What a data file says of its numbers.
    public var header: [String: Any] {
        switch self {
        case .exact: ["privacy": DensityFiles.exactMark]
        case .released(let nodes, let epsilon): ["privacy": "private", "releases": nodes, "epsilon": epsilon]
        }
    }
}
