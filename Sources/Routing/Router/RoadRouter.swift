import GeoCore
import Store

/// Road-network travel times, routes and drive-time areas between
/// locations: the facade the dispatch and planning layers use.
///
/// Built once from the imported road edges (graph, contraction hierarchy,
/// snap index; seconds for a county, so build it off the cooperative thread
/// pool), then immutable: every method may be called from any number of
/// threads at once. Locations are snapped to the nearest point of the
/// nearest drivable edge within `Options.maxSnapDistance`; a location
/// farther from every road is off-network and gets nil.
public final class RoadRouter: Sendable {
    public struct Options: Hashable, Sendable {
        /// Geodesic metres beyond which a location is off-network. 1 km by
        /// default: rural addresses can sit far up a track no extract maps.
        public var maxSnapDistance: Double
        /// With a value above 1, locations snap only to edges inside a
        /// strongly connected piece of the network (both ends can reach each
        /// other) that is the largest or has at least this many nodes, so a
        /// call is never stranded on a fragment that cannot be left or
        /// reached (a fenced car park, a one-way spur cut off at the
        /// extract's edge); 20 suits real extracts. The default, 1, lets every
        /// edge take snaps, so a location on a cut-off road gets "no route"
        /// rather than a snap to a farther road.
        public var minimumComponentNodes: Int
        public var contraction: ContractionOptions

        public init(maxSnapDistance: Double = 1_000, minimumComponentNodes: Int = 1,
                    contraction: ContractionOptions = ContractionOptions()) {
            self.maxSnapDistance = maxSnapDistance
            self.minimumComponentNodes = minimumComponentNodes
            self.contraction = contraction
        }
    }

    /// Wall-clock time of each build step.
    public struct BuildTimings: Hashable, Sendable {
        public var graph: Duration
        public var components: Duration
        public var hierarchy: Duration
        public var snapIndex: Duration
        public var total: Duration { graph + components + hierarchy + snapIndex }
    }

    public let graph: RoadGraph
    public let hierarchy: ContractionHierarchy
    public let dijkstra: Dijkstra
    public let options: Options
    public let timings: BuildTimings
    /// Edges locations may snap to.
    public let snappableEdgeCount: Int
    let index: SegmentIndex
    let projection: LocalProjection

    public init(edges: [RoadEdge], options: Options = Options()) {
        let clock = ContinuousClock()
        var start = clock.now
        func lap() -> Duration {
            let now = clock.now
            defer { start = now }
            return now - start
        }
        let graph = RoadGraph(edges: edges)
        self.graph = graph
        let graphTime = lap()
        let snappable: [Bool]
        if options.minimumComponentNodes > 1 {
            let (component, sizes) = graph.stronglyConnectedComponents()
            let largest = sizes.max() ?? 0
            snappable = (0..<graph.edgeCount).map { edge in
                let from = Int(graph.edgeFrom[edge]), to = Int(graph.edgeTo[edge])
                let size = sizes[Int(component[from])]
                return component[from] == component[to] && (size >= options.minimumComponentNodes || size == largest)
            }
        } else {
            snappable = Array(repeating: true, count: graph.edgeCount)
        }
        snappableEdgeCount = snappable.lazy.filter { $0 }.count
        let componentTime = lap()
        hierarchy = ContractionHierarchy(graph: graph, options: options.contraction)
        let hierarchyTime = lap()
        index = SegmentIndex(graph: graph, snappable: { snappable[$0] })
        let indexTime = lap()
        dijkstra = Dijkstra(graph: graph)
        projection = LocalProjection(centre: BoundingBox(covering: graph.nodeCoordinates)?.center
                                     ?? Coordinate(uncheckedLatitude: 0, longitude: 0))
        self.options = options
        timings = BuildTimings(graph: graphTime, components: componentTime, hierarchy: hierarchyTime, snapIndex: indexTime)
    }

    /// The nearest point on a snappable edge, or nil when none lies within `maxSnapDistance`.
    public func snap(_ location: Coordinate) -> Snap? {
        index.nearest(to: location, maxDistance: options.maxSnapDistance, graph: graph)
    }
}
