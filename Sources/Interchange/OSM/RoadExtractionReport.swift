import Store

/// What reading an OpenStreetMap file made of it: the network's size and,
/// for every highway way left out, the reason, so that a user can see
/// whether the extract was the one they meant.
public struct RoadExtractionReport: Hashable, Sendable {
    public var file: String
    /// Nodes and ways in the file (relations are not read).
    public var nodesRead = 0
    public var waysRead = 0
    /// Ways with a `highway` tag, kept or not.
    public var highwayWays = 0
    /// Ways that became edges.
    public var keptWays = 0
    /// Highway ways left out, per reason.
    public var skipped: [RoadSkipReason: Int] = [:]
    /// The `notDrivable` ways per `highway` value (footway: 120, cycleway: 31...).
    public var notDrivableClasses: [String: Int] = [:]
    /// A few of the ways left out for missing nodes, to look up on the map.
    public var missingNodeExamples: [Int64] = []
    /// Ways kept only in part: some of their nodes are missing from the file
    /// (an extract clipped at its border), the stretches between are kept.
    public var clippedWays = 0
    /// The graph: edges, their distinct end nodes, total length, one-way edges.
    public var edgeCount = 0
    public var nodeCount = 0
    public var totalLengthMetres = 0.0
    public var oneWayEdgeCount = 0

    public init(file: String) {
        self.file = file
    }

    /// Skipped ways in all.
    public var skippedCount: Int { skipped.values.reduce(0, +) }

    mutating func skip(_ reason: RoadSkipReason, highway: String? = nil) {
        skipped[reason, default: 0] += 1
        if reason == .notDrivable, let highway { notDrivableClasses[highway, default: 0] += 1 }
    }
}

/// The road network an OpenStreetMap file holds, ready for the store.
public struct RoadExtraction: Sendable {
    /// Ordered by id, ids 1, 2, 3... in order of OSM way id, then along each way.
    public var edges: [RoadEdge]
    public var report: RoadExtractionReport
}

/// How far a road import has got, for a terminal progress line.
public enum RoadImportProgress: Sendable {
    /// Pass 1: reading ways; the fraction of the file, ways kept so far.
    case readingWays(fraction: Double, kept: Int)
    /// Pass 2: reading the coordinates of the kept ways' nodes.
    case readingNodes(fraction: Double)
    /// Cutting ways into edges at junctions and measuring them.
    case building(ways: Int)
    /// Replacing the store's roads.
    case writing(edges: Int)
}
