/// Travel time between every node and its nearest source, from one
/// multi-source search bounded by `maxSeconds`: drive-time areas and "time to
/// the nearest crisis facility" read it.
///
/// `reverse == false`: seconds from the nearest source to the node.
/// `reverse == true`: seconds from the node to its nearest source.
public struct NodeTimes: Sendable {
    /// Per node; infinity when not reached within `maxSeconds`.
    public let seconds: [Double]
    /// Per node, the index of the source the time is for; -1 when not reached.
    public let nearestSource: [Int32]
    public let maxSeconds: Double
    public let reverse: Bool
    /// Where each source lies on the road network, when the sources were
    /// locations (set by `RoadRouter`): a location reached only along its own
    /// edge needs it. Empty when the sources were nodes.
    public internal(set) var sourcePositions: [EdgePosition?] = [] {
        didSet {
            sourcesOnEdge = [:]
            for (source, position) in sourcePositions.enumerated() {
                if let position { sourcesOnEdge[position.edge, default: []].append(source) }
            }
        }
    }
    /// Sources by the edge they lie on.
    private(set) var sourcesOnEdge: [Int: [Int]] = [:]

    init(seconds: [Double], nearestSource: [Int32], maxSeconds: Double, reverse: Bool) {
        self.seconds = seconds
        self.nearestSource = nearestSource
        self.maxSeconds = maxSeconds
        self.reverse = reverse
    }

    public var reachedCount: Int { seconds.lazy.filter(\.isFinite).count }
}

/// A point on an edge: `fraction` of its length from its `from` node.
public struct EdgePosition: Hashable, Sendable {
    public var edge: Int
    public var fraction: Double

    public init(edge: Int, fraction: Double) {
        self.edge = edge
        self.fraction = fraction
    }
}
