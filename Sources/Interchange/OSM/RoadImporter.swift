import Foundation
import Store

/// What `crisismap import roads` did: what the file held and what the store now has.
public struct RoadImportReport: Sendable {
    public var extraction: RoadExtractionReport
    public var stored: RoadImportSummary
}

/// Imports an OpenStreetMap file as the store's road network, replacing the
/// roads it had in one transaction: a file that fails to read or to store
/// leaves the previous network in place.
public struct RoadImporter: Sendable {
    public let store: any CrisisStore

    public init(store: any CrisisStore) {
        self.store = store
    }

    /// `.osm` (XML) or `.osm.pbf`, told apart by the name.
    public func importFile(
        _ path: String, progress: (@Sendable (RoadImportProgress) -> Void)? = nil
    ) async throws -> RoadImportReport {
        let source = try OSMFile.open(path)
        let extraction = try RoadExtractor().extract(from: source, progress: progress)
        guard !extraction.edges.isEmpty else {
            let report = extraction.report
            throw ImportError(
                file: source.name,
                message: "no drivable roads in \(report.waysRead) ways (\(report.highwayWays) tagged highway, \(report.skippedCount) left out); the store's roads are unchanged")
        }
        progress?(.writing(edges: extraction.edges.count))
        do {
            let stored = try await store.roads.replaceRoads(extraction.edges, source: source.name)
            return RoadImportReport(extraction: extraction.report, stored: stored)
        } catch StoreError.invalidRecord(let index, let field, let reason) {
            let edge = extraction.edges[index]
            throw ImportError(file: source.name, field: field, message: "way \(edge.osmWayID) (edge \(edge.id)): \(reason)")
        }
    }
}
