import GeoCore
import Store
import Testing
@testable import Routing
import TestSupport

/// Location-to-location times (snap points part-way along edges, one-way
/// edges, both ends on one edge) against the split-edge reference.
@Suite struct EndpointTests {
    static let edges = RandomNetwork.make(nodes: 220, seed: 41)
    static let router = RoadRouter(edges: edges, options: .init(maxSnapDistance: 300, minimumComponentNodes: 1))

    /// Random locations near the roads, and pairs placed on one edge.
    static func locations(_ count: Int, seed: UInt64) -> [(Coordinate, Coordinate)] {
        var random = SplitMix64(seed: seed)
        let graph = router.graph
        let pairs = (0..<count).map { index in
            if index % 3 == 0 {
                // Every other one on a one-way edge, where order matters.
                let oneWays = (0..<graph.edgeCount).filter { graph.edge($0).oneWay }
                let edge = index % 6 == 0 ? oneWays.randomElement(using: &random)! : Int.random(in: 0..<graph.edgeCount, using: &random)
                let a = Double.random(in: 0.01...0.99, using: &random), b = Double.random(in: 0.01...0.99, using: &random)
                return (graph.coordinate(at: EdgePosition(edge: edge, fraction: a)), graph.coordinate(at: EdgePosition(edge: edge, fraction: b)))
            }
            return (Plan.at(Double.random(in: 0...3_000, using: &random), Double.random(in: 0...3_000, using: &random)),
                    Plan.at(Double.random(in: 0...3_000, using: &random), Double.random(in: 0...3_000, using: &random)))
        }
        return pairs.filter { router.snap($0.0) != nil && router.snap($0.1) != nil }
    }

    @Test func pairTimesMatchTheSplitEdgeReference() throws {
        var sameEdge = 0, sameEdgeLoop = 0
        for (from, to) in Self.locations(150, seed: 42) {
            let start = try #require(Self.router.snap(from)), end = try #require(Self.router.snap(to))
            let want = SplitReference.seconds(from: start, to: end, edges: Self.edges, graph: Self.router.graph)
            let time = Self.router.travelTime(from: from, to: to)
            #expect(agree(time?.seconds, want), "\(start.position) → \(end.position)")
            #expect(agree(Self.router.route(from: from, to: to)?.seconds, want))
            if start.edge == end.edge {
                sameEdge += 1
                if Self.router.graph.direct(from: start.position, to: end.position) == nil { sameEdgeLoop += 1 }
            }
        }
        #expect(sameEdge > 30)
        #expect(sameEdgeLoop > 3, "some pairs must run against a one-way edge")
    }

    @Test func oneToManyAndManyToOneMatchTheReference() throws {
        let pairs = Self.locations(60, seed: 43)
        let points = pairs.flatMap { [$0.0, $0.1] }
        let snaps = points.map { Self.router.snap($0)! }
        for (index, point) in points.enumerated().prefix(12) {
            let outward = Self.router.travelTimes(from: point, to: points)
            let inward = Self.router.travelTimes(from: points, to: point)
            for (other, snap) in snaps.enumerated() {
                let graph = Self.router.graph
                #expect(agree(outward[other]?.seconds, SplitReference.seconds(from: snaps[index], to: snap, edges: Self.edges, graph: graph)))
                #expect(agree(inward[other]?.seconds, SplitReference.seconds(from: snap, to: snaps[index], edges: Self.edges, graph: graph)))
            }
        }
    }

    /// Times from the nearest source, read at any location, equal the least
    /// of the pairwise times; reverse tables give times to the nearest source.
    @Test(arguments: [false, true])
    func nearestSourceTimesMatchPairwiseTimes(reverse: Bool) throws {
        let pairs = Self.locations(40, seed: reverse ? 45 : 44)
        let sources = pairs.prefix(4).map(\.0)
        let limit = 200.0
        let times = Self.router.timesFromNearest(sources: sources, maxTime: limit, reverse: reverse)
        var reached = 0
        for point in pairs.flatMap({ [$0.0, $0.1] }) {
            let pairwise = sources.map { source in
                reverse ? Self.router.travelTime(from: point, to: source)?.seconds : Self.router.travelTime(from: source, to: point)?.seconds
            }
            let best = pairwise.compactMap { $0 }.min()
            let read = Self.router.time(at: point, in: times)
            if let best, best <= limit {
                reached += 1
                let found = try #require(read)
                #expect(agree(found.seconds, best))
                #expect(agree(pairwise[found.source], best), "the source named is a nearest one")
            } else {
                #expect(read == nil)
            }
        }
        #expect(reached > 5)
    }
}
