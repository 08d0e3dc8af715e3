import Foundation
import GeoCore

/// What the loaded road network is and where it came from, so a running
/// server can tell that the roads were replaced and reload its graph.
public struct RoadImportSummary: Hashable, Sendable {
    /// Grows with every import: a changed value means changed roads.
    public var importID: Int64
    /// The file the roads came from, as the importer named it.
    public var source: String
    public var importedAt: Date
    /// Distinct end nodes of the edges (the graph's vertices).
    public var nodeCount: Int
    public var edgeCount: Int
    /// Edges drivable only along their geometry.
    public var oneWayEdgeCount: Int
    public var totalLengthMetres: Double

    public init(
        importID: Int64, source: String, importedAt: Date, nodeCount: Int, edgeCount: Int, oneWayEdgeCount: Int,
        totalLengthMetres: Double
    ) {
        self.importID = importID
        self.source = source
        self.importedAt = importedAt
        self.nodeCount = nodeCount
        self.edgeCount = edgeCount
        self.oneWayEdgeCount = oneWayEdgeCount
        self.totalLengthMetres = totalLengthMetres
    }
}

/// The road network the ETAs drive on. Roads are replaced as a whole (a new
/// OpenStreetMap extract supersedes the old one), never merged edge by edge.
public protocol RoadStore: Sendable {
    /// Replaces every road with `edges` in one transaction: on any failure,
    /// an edge the store refuses included (`StoreError.invalidRecord` with
    /// its index), the roads stored before stay as they were.
    func replaceRoads(_ edges: [RoadEdge], source: String) async throws -> RoadImportSummary

    /// Every edge ordered by id: what the routing graph is built from.
    func roadEdges() async throws -> [RoadEdge]

    /// Up to `limit` edges whose geometry's bounding box meets `box`, ordered by id.
    func roadEdges(in box: BoundingBox, limit: Int) async throws -> [RoadEdge]

    /// The current network's summary; nil when no roads are loaded.
    func roadSummary() async throws -> RoadImportSummary?
}
