import GeoCore
import Store
import Testing
@testable import Routing

@Suite struct GraphTests {
    @Test func buildsCompactNodesAndBothAdjacencies() {
        var builder = NetworkBuilder()
        let a = Plan.at(0, 0), b = Plan.at(100, 0), c = Plan.at(100, 100)
        builder.road(900, 20, [a, b])
        builder.road(20, 5_000, [b, c], oneWay: true)
        builder.road(5_000, 5_000, [c, Plan.at(150, 150), Plan.at(100, 160), c])  // a loop
        var broken = builder.edges[0]
        broken.speedKmh = 0
        let graph = RoadGraph(edges: builder.edges + [broken])

        #expect(Set(graph.osmNodeIDs) == [20, 900, 5_000])
        let (na, nb, nc) = (graph.node(osmID: 900)!, graph.node(osmID: 20)!, graph.node(osmID: 5_000)!)
        #expect(graph.osmNodeIDs[nb] == 20)
        #expect(graph.node(osmID: 21) == nil)
        #expect(graph.edgeCount == 3, "the zero-speed edge is left out")
        #expect(graph.nodeCoordinates[nb] == b)
        // Two arcs for the two-way road, one for the one-way, none for the loop.
        #expect(graph.arcCount == 3)
        #expect(Set(graph.outgoing(nb).map(\.head)) == [na, nc])
        #expect(graph.outgoing(nc).isEmpty)
        #expect(graph.incoming(nc).map(\.head) == [nb])
        let back = graph.outgoing(nb).first { $0.head == na }!
        #expect(back.againstGeometry && back.edge == 0)
        #expect(graph.edge(2).inputIndex == 2)
        #expect(graph.geometry(of: 2).count == 4)
    }

    @Test func strongComponentsSeparateOneWayDeadEnds() {
        var builder = NetworkBuilder()
        builder.road(1, 2, [Plan.at(0, 0), Plan.at(100, 0)])
        builder.road(2, 3, [Plan.at(100, 0), Plan.at(200, 0)])
        builder.road(3, 4, [Plan.at(200, 0), Plan.at(300, 0)], oneWay: true)
        builder.road(7, 8, [Plan.at(0, 500), Plan.at(100, 500)])
        let graph = RoadGraph(edges: builder.edges)
        let (component, sizes) = graph.stronglyConnectedComponents()
        let of = { component[graph.node(osmID: $0)!] }
        #expect(of(1) == of(2) && of(2) == of(3))
        #expect(of(4) != of(3))
        #expect(of(7) == of(8) && of(7) != of(1))
        #expect(sizes.sorted() == [1, 2, 3])
    }

    @Test func fractionsFollowLengthAlongThePolyline() {
        var builder = NetworkBuilder()
        builder.road(1, 2, [Plan.at(0, 0), Plan.at(100, 0), Plan.at(400, 0)])
        let graph = RoadGraph(edges: builder.edges)
        #expect(abs(graph.pointFractions[1] - 0.25) < 1e-4)
        let quarter = graph.coordinate(at: EdgePosition(edge: 0, fraction: 0.5))
        #expect(Geodesic.wgs84.distance(from: quarter, to: Plan.at(200, 0)) < 0.1)
        let piece = graph.polyline(edge: 0, from: 0.75, to: 0.125)
        #expect(piece.count == 3)
        #expect(Geodesic.wgs84.distance(from: piece[1], to: Plan.at(100, 0)) < 1e-6)
    }
}

extension GraphTests {
    /// Nodes are numbered along a Hilbert curve; every id still maps back.
    @Test func nodeNumbersFollowTheMapAndIDsMapBack() {
        let edges = RandomNetwork.make(nodes: 300, seed: 61)
        let graph = RoadGraph(edges: edges)
        for (node, id) in graph.osmNodeIDs.enumerated() { #expect(graph.node(osmID: id) == node) }
        #expect(RoadGraph.hilbertIndex(x: 0, y: 0, side: 4) == 0)
        #expect((0..<4).flatMap { x in (0..<4).map { y in RoadGraph.hilbertIndex(x: x, y: y, side: 4) } }.sorted() == Array(0..<16))
        // Consecutive cells along the curve are neighbours on the grid.
        var cells = [(Int, Int)](repeating: (0, 0), count: 64)
        for x in 0..<8 { for y in 0..<8 { cells[Int(RoadGraph.hilbertIndex(x: x, y: y, side: 8))] = (x, y) } }
        for (a, b) in zip(cells, cells.dropFirst()) { #expect(abs(a.0 - b.0) + abs(a.1 - b.1) == 1) }
    }
}
