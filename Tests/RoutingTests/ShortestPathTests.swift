import GeoCore
import Store
import Testing
@testable import Routing
import TestSupport

/// Dijkstra and the contraction hierarchy against a plain array-scan
/// Dijkstra written here, on seeded random networks with one-way streets and
/// parts that do not connect.
@Suite struct ShortestPathTests {
    struct Case: Sendable, CustomStringConvertible {
        var nodes: Int
        var seed: UInt64
        var description: String { "\(nodes) nodes, seed \(seed)" }
    }

    static let cases = [Case(nodes: 300, seed: 1), Case(nodes: 400, seed: 2), Case(nodes: 250, seed: 3)]

    struct Fixture {
        var edges: [RoadEdge]
        var graph: RoadGraph
        var reference: ReferenceDijkstra
        var hierarchy: ContractionHierarchy
        var dijkstra: Dijkstra

        init(_ scenario: Case) {
            edges = RandomNetwork.make(nodes: scenario.nodes, seed: scenario.seed)
            graph = RoadGraph(edges: edges)
            reference = ReferenceDijkstra(edges: edges)
            hierarchy = ContractionHierarchy(graph: graph)
            dijkstra = Dijkstra(graph: graph)
        }

        /// Reference node number of a graph node.
        func ref(_ node: Int) -> Int { reference.index[graph.osmNodeIDs[node]]! }
    }

    @Test(arguments: cases)
    func oneToManyMatchesReference(_ scenario: Case) {
        let fixture = Fixture(scenario)
        var random = SplitMix64(seed: scenario.seed &+ 100)
        let nodeCount = fixture.graph.nodeCount
        var unreachable = 0
        for _ in 0..<15 {
            let origin = Int.random(in: 0..<nodeCount, using: &random)
            let targets = (0..<50).map { _ in Int.random(in: 0..<nodeCount, using: &random) }
            let expected = fixture.reference.costs(from: [(fixture.ref(origin), 0)])
            let viaDijkstra = fixture.dijkstra.costs(from: [Seed(node: origin)], to: targets.map { [Seed(node: $0)] })
            let viaHierarchy = fixture.hierarchy.costs(from: [Seed(node: origin)], to: targets.map { [Seed(node: $0)] })
            for (slot, target) in targets.enumerated() {
                let want = expected[fixture.ref(target)]
                if want.isInfinite { unreachable += 1 }
                #expect(agree(viaDijkstra[slot]?.seconds ?? .infinity, want), "Dijkstra \(origin)→\(target)")
                #expect(agree(viaHierarchy[slot]?.seconds ?? .infinity, want), "hierarchy \(origin)→\(target)")
            }
        }
        // The networks are built to have pieces that cannot be reached.
        #expect(unreachable > 0)
    }

    @Test(arguments: cases)
    func manyToOneMatchesReference(_ scenario: Case) {
        let fixture = Fixture(scenario)
        var random = SplitMix64(seed: scenario.seed &+ 200)
        let backward = fixture.reference.reversed()
        let nodeCount = fixture.graph.nodeCount
        for _ in 0..<15 {
            let target = Int.random(in: 0..<nodeCount, using: &random)
            let origins = (0..<50).map { _ in Int.random(in: 0..<nodeCount, using: &random) }
            let expected = backward.costs(from: [(fixture.ref(target), 0)])
            let viaDijkstra = fixture.dijkstra.costs(from: origins.map { [Seed(node: $0)] }, to: [Seed(node: target)])
            let viaHierarchy = fixture.hierarchy.costs(from: origins.map { [Seed(node: $0)] }, to: [Seed(node: target)])
            for (slot, origin) in origins.enumerated() {
                let want = expected[fixture.ref(origin)]
                #expect(agree(viaDijkstra[slot]?.seconds ?? .infinity, want), "Dijkstra \(origin)→\(target)")
                #expect(agree(viaHierarchy[slot]?.seconds ?? .infinity, want), "hierarchy \(origin)→\(target)")
            }
        }
    }

    /// Point to point between seed sets with starting costs, and the unpacked
    /// path: its edges chain from a seed to a seed and add up to the cost.
    @Test(arguments: cases)
    func pointToPointAndUnpackedPathsMatchReference(_ scenario: Case) {
        let fixture = Fixture(scenario)
        let graph = fixture.graph
        var random = SplitMix64(seed: scenario.seed &+ 300)
        var found = 0
        for _ in 0..<150 {
            let origin = (0..<Int.random(in: 1...2, using: &random)).map { _ in
                Seed(node: Int.random(in: 0..<graph.nodeCount, using: &random), seconds: Double.random(in: 0...30, using: &random))
            }
            let target = (0..<Int.random(in: 1...2, using: &random)).map { _ in
                Seed(node: Int.random(in: 0..<graph.nodeCount, using: &random), seconds: Double.random(in: 0...30, using: &random))
            }
            let costs = fixture.reference.costs(from: origin.map { (fixture.ref($0.node), $0.seconds) })
            let want = target.map { costs[fixture.ref($0.node)] + $0.seconds }.min()!
            let cost = fixture.hierarchy.cost(from: origin, to: target)
            #expect(agree(cost?.seconds ?? .infinity, want))
            let path = fixture.hierarchy.path(from: origin, to: target)
            #expect(agree(path?.cost.seconds ?? .infinity, want))
            guard let path else { continue }
            found += 1
            var node = origin[path.originSeed].node
            var seconds = origin[path.originSeed].seconds, metres = origin[path.originSeed].metres
            for step in path.edges {
                let edge = graph.edge(step.edge)
                #expect((step.againstGeometry ? edge.to : edge.from) == node)
                #expect(!(step.againstGeometry && edge.oneWay))
                node = step.againstGeometry ? edge.from : edge.to
                seconds += edge.seconds
                metres += edge.metres
            }
            #expect(node == target[path.targetSeed].node)
            seconds += target[path.targetSeed].seconds
            metres += target[path.targetSeed].metres
            #expect(agree(seconds, path.cost.seconds))
            #expect(agree(metres, path.cost.metres))
        }
        #expect(found > 50)
    }

    @Test func boundedMultiSourceMatchesReference() {
        let fixture = Fixture(Case(nodes: 300, seed: 4))
        let sources = [3, 77, 150]
        for reverse in [false, true] {
            let times = fixture.dijkstra.nearest(from: sources.map { [Seed(node: $0)] }, maxSeconds: 240, reverse: reverse)
            let reference = reverse ? fixture.reference.reversed() : fixture.reference
            let expected = reference.costs(from: sources.map { (fixture.ref($0), 0) })
            for node in 0..<fixture.graph.nodeCount {
                let want = expected[fixture.ref(node)]
                if want <= 240 {
                    #expect(agree(times.seconds[node], want))
                    let source = Int(times.nearestSource[node])
                    let own = reference.costs(from: [(fixture.ref(sources[source]), 0)])[fixture.ref(node)]
                    #expect(agree(own, want), "the named source is a nearest one")
                } else {
                    #expect(times.seconds[node] == .infinity)
                    #expect(times.nearestSource[node] == -1)
                }
            }
        }
    }
}
