import GeoCore
import Store

/// The drivable road network as compact arrays: nodes numbered 0..<nodeCount
/// along a Hilbert curve (nodes near each other on the map sit near each
/// other in memory, which makes every search, and contraction most of all,
/// markedly faster than OpenStreetMap id order), edges 0..<edgeCount (in
/// input order, less the edges that cannot be driven), and forward and
/// backward adjacency in compressed sparse row form.
///
/// A value type of arrays, so it is `Sendable`, cheap to pass around, and
/// never changes after `init(edges:)`.
public struct RoadGraph: Sendable {
    /// OpenStreetMap node id of each node.
    public let osmNodeIDs: [Int64]
    /// Nodes in ascending OpenStreetMap id order, for `node(osmID:)`.
    let nodesByOSMID: [Int32]
    /// Position of each node: the first or last point of an edge that ends there.
    public let nodeCoordinates: [Coordinate]

    // Per edge.
    let edgeFrom: [Int32]
    let edgeTo: [Int32]
    let edgeSeconds: [Double]
    let edgeMetres: [Double]
    let edgeOneWay: [Bool]
    let edgeIDs: [Int64]
    let edgeInputIndex: [Int32]

    // Edge polylines, flattened: edge `e` owns points pointStart[e]..<pointStart[e + 1].
    let pointStart: [Int32]
    let points: [Coordinate]
    /// Share of the edge's length from its first point to each point: 0 ... 1.
    let pointFractions: [Double]

    // Adjacency: the arcs of node `n` are arcs[start[n]..<start[n + 1]].
    let forwardStart: [Int32]
    let forwardArcs: [Arc]
    let backwardStart: [Int32]
    let backwardArcs: [Arc]

    public var nodeCount: Int { osmNodeIDs.count }
    public var edgeCount: Int { edgeFrom.count }
    public var arcCount: Int { forwardArcs.count }

    /// The node for an OpenStreetMap node id, if any drivable edge ends there.
    public func node(osmID: Int64) -> Int? {
        var low = 0, high = nodesByOSMID.count
        while low < high {
            let middle = (low + high) / 2
            if osmNodeIDs[Int(nodesByOSMID[middle])] < osmID { low = middle + 1 } else { high = middle }
        }
        guard low < nodesByOSMID.count, osmNodeIDs[Int(nodesByOSMID[low])] == osmID else { return nil }
        return Int(nodesByOSMID[low])
    }

    /// Arcs leaving `node`.
    public func outgoing(_ node: Int) -> ArraySlice<Arc> {
        forwardArcs[Int(forwardStart[node])..<Int(forwardStart[node + 1])]
    }

    /// Arcs entering `node`, each with `head` set to the node it comes from.
    public func incoming(_ node: Int) -> ArraySlice<Arc> {
        backwardArcs[Int(backwardStart[node])..<Int(backwardStart[node + 1])]
    }

    public func edge(_ edge: Int) -> Edge {
        Edge(from: Int(edgeFrom[edge]), to: Int(edgeTo[edge]), seconds: edgeSeconds[edge], metres: edgeMetres[edge],
             oneWay: edgeOneWay[edge], id: edgeIDs[edge], inputIndex: Int(edgeInputIndex[edge]))
    }

    /// The edge's polyline, from its `from` node to its `to` node.
    public func geometry(of edge: Int) -> ArraySlice<Coordinate> {
        points[Int(pointStart[edge])..<Int(pointStart[edge + 1])]
    }

    /// One road edge as the graph holds it.
    public struct Edge: Hashable, Sendable {
        public var from: Int
        public var to: Int
        public var seconds: Double
        public var metres: Double
        /// Drivable only from `from` to `to`.
        public var oneWay: Bool
        /// `RoadEdge.id`.
        public var id: Int64
        /// Position in the `[RoadEdge]` the graph was built from.
        public var inputIndex: Int
    }
}
