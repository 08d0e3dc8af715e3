import GeoCore
import Store
import Testing
@testable import Routing
import TestSupport

/// Hand-built networks whose answers can be worked out on paper. Roads are
/// driven at 36 km/h, 10 m/s, so seconds are metres over ten.
@Suite struct RouterTests {
    static let options = RoadRouter.Options(maxSnapDistance: 100, minimumComponentNodes: 1)

    /// A 100 m block: A(0,0) B(100,0) C(100,100) D(0,100); the street from A
    /// to B is one-way B→A, so A to B goes round by D and C.
    @Test func oneWayStreetForcesADetour() throws {
        var builder = NetworkBuilder()
        let ba = builder.road(2, 1, [Plan.at(100, 0), Plan.at(0, 0)], oneWay: true)
        let ad = builder.road(1, 4, [Plan.at(0, 0), Plan.at(0, 100)])
        let dc = builder.road(4, 3, [Plan.at(0, 100), Plan.at(100, 100)])
        let cb = builder.road(3, 2, [Plan.at(100, 100), Plan.at(100, 0)])
        let router = RoadRouter(edges: builder.edges, options: Self.options)

        let there = try #require(router.travelTime(from: Plan.at(0, 0), to: Plan.at(100, 0)))
        #expect(agree(there.seconds, builder.seconds(ad) + builder.seconds(dc) + builder.seconds(cb)))
        #expect(abs(there.seconds - 30) < 0.01)
        let back = try #require(router.travelTime(from: Plan.at(100, 0), to: Plan.at(0, 0)))
        #expect(agree(back.seconds, builder.seconds(ba)))

        // Halfway along the one-way street, heading the wrong way: round the block.
        let halfway = try #require(router.travelTime(from: Plan.at(50, 0), to: Plan.at(100, 0)))
        #expect(abs(halfway.seconds - 35) < 0.01)
        let route = try #require(router.route(from: Plan.at(50, 0), to: Plan.at(100, 0)))
        #expect(route.edges.map { router.graph.edge($0.edge).id } == [ba, ad, dc, cb])
    }

    /// Two banks of a river 200 m apart, joined by one bridge at the north
    /// end: going straight across at the south end means 1 km up, the
    /// bridge, and 1 km back down.
    @Test func riverCrossedByOneBridge() throws {
        var builder = NetworkBuilder()
        builder.road(1, 2, [Plan.at(0, 0), Plan.at(0, 500)])
        builder.road(2, 3, [Plan.at(0, 500), Plan.at(0, 1_000)])
        builder.road(11, 12, [Plan.at(200, 0), Plan.at(200, 500)])
        builder.road(12, 13, [Plan.at(200, 500), Plan.at(200, 1_000)])
        let bridge = builder.road(3, 13, [Plan.at(0, 1_000), Plan.at(200, 1_000)])
        let router = RoadRouter(edges: builder.edges, options: Self.options)

        let time = try #require(router.travelTime(from: Plan.at(0, 0), to: Plan.at(200, 0)))
        #expect(abs(time.metres - 2_200) < 1)
        #expect(abs(time.seconds - 220) < 0.1)
        let route = try #require(router.route(from: Plan.at(0, 0), to: Plan.at(200, 0)))
        #expect(route.edges.contains { router.graph.edge($0.edge).id == bridge })
        #expect(agree(route.seconds, time.seconds))
        // Many to one and one to many agree with the single query.
        let fromBanks = router.travelTimes(from: [Plan.at(0, 0), Plan.at(0, 990), Plan.at(200, 10)], to: Plan.at(200, 0))
        #expect(abs(fromBanks[0]!.seconds - 220) < 0.1)
        #expect(abs(fromBanks[1]!.seconds - 121) < 0.1)
        #expect(abs(fromBanks[2]!.seconds - 1) < 0.01)
        let toBanks = router.travelTimes(from: Plan.at(200, 0), to: [Plan.at(0, 0), Plan.at(200, 10)])
        #expect(abs(toBanks[0]!.seconds - 220) < 0.1)
        #expect(abs(toBanks[1]!.seconds - 1) < 0.01)
    }

    @Test func disconnectedPiecesGiveNil() {
        var builder = NetworkBuilder()
        builder.road(1, 2, [Plan.at(0, 0), Plan.at(100, 0)])
        builder.road(3, 4, [Plan.at(0, 150), Plan.at(100, 150)])
        let router = RoadRouter(edges: builder.edges, options: Self.options)
        #expect(router.travelTime(from: Plan.at(10, 0), to: Plan.at(10, 150)) == nil)
        #expect(router.route(from: Plan.at(10, 0), to: Plan.at(10, 150)) == nil)
        let times = router.travelTimes(from: Plan.at(10, 0), to: [Plan.at(10, 150), Plan.at(90, 0)])
        #expect(times[0] == nil)
        #expect(abs(times[1]!.seconds - 8) < 0.01)
        #expect(router.travelTimes(from: [Plan.at(10, 150), Plan.at(90, 0)], to: Plan.at(10, 0)).map { $0 == nil } == [true, false])
    }

    /// A one-way street A→B (400 m) closed into a loop by B→C→D→A. From 100 m
    /// to 300 m along it is straight on; from 300 m back to 100 m is round
    /// the loop. On a two-way street both are straight along it.
    @Test func originAndTargetOnTheSameEdge() throws {
        var builder = NetworkBuilder()
        builder.road(1, 2, [Plan.at(0, 0), Plan.at(400, 0)], oneWay: true)
        builder.road(2, 3, [Plan.at(400, 0), Plan.at(400, 100)])
        builder.road(3, 4, [Plan.at(400, 100), Plan.at(0, 100)])
        builder.road(4, 1, [Plan.at(0, 100), Plan.at(0, 0)])
        let router = RoadRouter(edges: builder.edges, options: Self.options)
        let p100 = Plan.at(100, -5), p300 = Plan.at(300, -5)

        let ahead = try #require(router.travelTime(from: p100, to: p300))
        #expect(abs(ahead.seconds - 20) < 0.01)
        let behind = try #require(router.travelTime(from: p300, to: p100))
        #expect(abs(behind.seconds - (10 + 10 + 40 + 10 + 10)) < 0.02)
        #expect(abs(behind.metres - 800) < 0.2)
        #expect(abs(router.travelTimes(from: p300, to: [p100])[0]!.seconds - behind.seconds) < 1e-9)
        #expect(abs(router.travelTimes(from: [p300], to: p100)[0]!.seconds - behind.seconds) < 1e-9)
        let loop = try #require(router.route(from: p300, to: p100))
        #expect(loop.edges.count == 5)
        #expect(loop.edges.first == loop.edges.last.map { EdgeTraversal(edge: $0.edge, againstGeometry: false) })
        #expect(abs(loop.metres - 800) < 0.2)

        var twoWay = NetworkBuilder()
        twoWay.road(1, 2, [Plan.at(0, 0), Plan.at(400, 0)])
        let straight = RoadRouter(edges: twoWay.edges, options: Self.options)
        #expect(abs(straight.travelTime(from: p300, to: p100)!.seconds - 20) < 0.01)
        #expect(abs(straight.travelTime(from: p100, to: p300)!.seconds - 20) < 0.01)
        let backwards = try #require(straight.route(from: p300, to: p100))
        #expect(backwards.edges == [EdgeTraversal(edge: 0, againstGeometry: true)])
        #expect(backwards.geometry.count == 2)
    }

    /// A location exactly at a node may snap to a one-way edge's wrong end
    /// (the first edge listed wins a tie); it can still use every road at the
    /// node. A(0,0) starts a one-way street east to B(300,0); a two-way street
    /// runs north from A to C(0,100); a one-way street runs from D(300,100)
    /// into C and a two-way one from B to D.
    @Test func aLocationAtANodeUsesEveryRoadThere() throws {
        var builder = NetworkBuilder()
        builder.road(1, 2, [Plan.at(0, 0), Plan.at(300, 0)], oneWay: true)
        builder.road(4, 3, [Plan.at(300, 100), Plan.at(0, 100)], oneWay: true)
        builder.road(1, 3, [Plan.at(0, 0), Plan.at(0, 100)])
        builder.road(2, 4, [Plan.at(300, 0), Plan.at(300, 100)])
        let router = RoadRouter(edges: builder.edges, options: Self.options)
        #expect(router.snap(Plan.at(0, 0))?.edgeID == 1)
        #expect(router.snap(Plan.at(0, 100))?.edgeID == 2)
        #expect(abs(router.travelTime(from: Plan.at(0, 0), to: Plan.at(0, 100))!.seconds - 10) < 0.01)
        #expect(abs(router.travelTime(from: Plan.at(0, 100), to: Plan.at(0, 0))!.seconds - 10) < 0.01)
        #expect(abs(router.travelTimes(from: [Plan.at(0, 100)], to: Plan.at(0, 0))[0]!.seconds - 10) < 0.01)
        let route = try #require(router.route(from: Plan.at(0, 0), to: Plan.at(0, 100)))
        #expect(route.edges.map { router.graph.edge($0.edge).id } == [3])
        #expect(route.geometry == [Plan.at(0, 0), Plan.at(0, 100)])
        for reverse in [false, true] {
            let times = router.timesFromNearest(sources: [Plan.at(0, 0)], maxTime: 600, reverse: reverse)
            #expect(abs(router.time(at: Plan.at(0, 100), in: times)!.seconds - 10) < 0.01)
        }
    }

    /// The off-road legs add no time; they are reported as snap distances.
    @Test func offRoadLegsAreReportedNotTimed() throws {
        var builder = NetworkBuilder()
        builder.road(1, 2, [Plan.at(0, 0), Plan.at(400, 0)])
        let router = RoadRouter(edges: builder.edges, options: Self.options)
        let time = try #require(router.travelTime(from: Plan.at(100, 40), to: Plan.at(300, -70)))
        #expect(abs(time.seconds - 20) < 0.01)
        #expect(abs(time.origin.distance - 40) < 0.05)
        #expect(abs(time.target.distance - 70) < 0.05)
    }

    /// Routes start and end exactly at the snap points, follow the roads
    /// driven, and their drawn length is the distance reported.
    @Test func routeGeometryRunsBetweenTheSnapPoints() throws {
        let edges = RandomNetwork.make(nodes: 250, seed: 21)
        let router = RoadRouter(edges: edges, options: .init(maxSnapDistance: 500, minimumComponentNodes: 1))
        var random = SplitMix64(seed: 22)
        var checked = 0
        for _ in 0..<80 {
            let from = Plan.at(Double.random(in: 0...3_000, using: &random), Double.random(in: 0...3_000, using: &random))
            let to = Plan.at(Double.random(in: 0...3_000, using: &random), Double.random(in: 0...3_000, using: &random))
            let time = router.travelTime(from: from, to: to)
            let route = router.route(from: from, to: to)
            #expect((time == nil) == (route == nil))
            guard let route, let time else { continue }
            checked += 1
            #expect(agree(route.seconds, time.seconds))
            #expect(route.geometry.first == route.origin.coordinate)
            #expect(route.geometry.last == route.target.coordinate)
            let drawn = Plan.length(route.geometry)
            #expect(abs(drawn - route.metres) <= 0.5 + 1e-4 * route.metres, "drawn \(drawn) m, reported \(route.metres) m")
            // The drawn route follows the edges listed, from end to end.
            #expect(route.edges.first?.edge == route.origin.edge || [0, 1].contains(route.origin.fraction))
            #expect(route.edges.last?.edge == route.target.edge || [0, 1].contains(route.target.fraction))
            let drawnPoints = Set(route.geometry)
            for step in route.edges.dropFirst().dropLast() {
                #expect(router.graph.geometry(of: step.edge).allSatisfy(drawnPoints.contains))
            }
        }
        #expect(checked > 40)
    }

    @Test func buildTimingsAreReported() {
        let router = RoadRouter(edges: RandomNetwork.make(nodes: 100, seed: 5), options: Self.options)
        #expect(router.timings.total > .zero)
        #expect(router.timings.total == router.timings.graph + router.timings.components + router.timings.hierarchy + router.timings.snapIndex)
        #expect(router.hierarchy.nodeCount == router.graph.nodeCount)
    }

    /// Queries from many threads at once get the answers a single thread gets.
    @Test func concurrentQueriesAgreeWithSerialOnes() async {
        let edges = RandomNetwork.make(nodes: 300, seed: 31)
        let router = RoadRouter(edges: edges, options: .init(maxSnapDistance: 500, minimumComponentNodes: 1))
        var random = SplitMix64(seed: 32)
        let points = (0..<40).map { _ in Plan.at(Double.random(in: 0...3_000, using: &random), Double.random(in: 0...3_000, using: &random)) }
        let serial = points.map { router.travelTimes(from: $0, to: points).map { $0?.seconds } }
        let parallel = await withTaskGroup(of: (Int, [Double?]).self) { group in
            for (index, point) in points.enumerated() {
                group.addTask { (index, router.travelTimes(from: point, to: points).map { $0?.seconds }) }
            }
            var results = [[Double?]](repeating: [], count: points.count)
            for await (index, times) in group { results[index] = times }
            return results
        }
        #expect(parallel == serial)
    }
}
