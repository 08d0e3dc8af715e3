import GeoCore
import Store
import Testing
@testable import Routing
import TestSupport

@Suite struct SnappingTests {
    static func router(maxSnap: Double = 50) -> (RoadRouter, NetworkBuilder) {
        var builder = NetworkBuilder()
        builder.road(1, 2, [Plan.at(0, 0), Plan.at(200, 0)])
        builder.road(2, 3, [Plan.at(200, 0), Plan.at(200, 300), Plan.at(500, 300)])
        return (RoadRouter(edges: builder.edges, options: .init(maxSnapDistance: maxSnap, minimumComponentNodes: 1)), builder)
    }

    @Test func snapsToTheMiddleOfASegmentNotANode() throws {
        let (router, _) = Self.router()
        let snap = try #require(router.snap(Plan.at(100, 30)))
        #expect(snap.edgeID == 1)
        #expect(abs(snap.fraction - 0.5) < 1e-3)
        #expect(Geodesic.wgs84.distance(from: snap.coordinate, to: Plan.at(100, 0)) < 0.05)
        #expect(abs(snap.distance - 30) < 0.05)
        #expect(abs(snap.distance - Geodesic.wgs84.distance(from: Plan.at(100, 30), to: snap.coordinate)) < 1e-9)
    }

    @Test func snapsToTheNearerOfTwoSegmentsOfOnePolyline() throws {
        let (router, _) = Self.router()
        // 20 m east of the first segment (x = 200) and 40 m below the second (y = 300).
        let snap = try #require(router.snap(Plan.at(220, 260)))
        #expect(snap.edgeID == 2)
        #expect(abs(snap.fraction - 260.0 / 600) < 1e-3)
        #expect(abs(snap.distance - 20) < 0.05)
    }

    @Test func pointsBeyondTheLimitAreOffNetwork() {
        let (router, _) = Self.router(maxSnap: 50)
        #expect(router.snap(Plan.at(100, 49)) != nil)
        #expect(router.snap(Plan.at(100, 51)) == nil)
        #expect(router.snap(Plan.at(-5_000, 0)) == nil)
        #expect(router.travelTimes(from: Plan.at(100, 80), to: [Plan.at(0, 0)]) == [nil])
        #expect(router.route(from: Plan.at(0, 0), to: Plan.at(100, 80)) == nil)
    }

    /// By default a location does not snap to a small piece of road cut off
    /// from the rest (here a car park 10 m away), but to the network 40 m away.
    @Test func smallFragmentsTakeNoSnaps() throws {
        var builder = NetworkBuilder()
        for i in 0..<30 { builder.road(Int64(i), Int64(i + 1), [Plan.at(Double(i) * 50, 0), Plan.at(Double(i + 1) * 50, 0)]) }
        builder.road(100, 101, [Plan.at(0, 50), Plan.at(100, 50)])
        let strict = RoadRouter(edges: builder.edges, options: .init(maxSnapDistance: 100, minimumComponentNodes: 20))
        let snap = try #require(strict.snap(Plan.at(50, 40)))
        #expect(abs(snap.distance - 40) < 0.05)
        let loose = RoadRouter(edges: builder.edges, options: .init(maxSnapDistance: 100, minimumComponentNodes: 1))
        #expect(abs(loose.snap(Plan.at(50, 40))!.distance - 10) < 0.05)
        #expect(strict.snappableEdgeCount == 30 && loose.snappableEdgeCount == 31)
    }

    @Test func anEmptyNetworkAnswersNil() throws {
        let router = RoadRouter(edges: [])
        #expect(router.snap(Plan.at(0, 0)) == nil)
        #expect(router.travelTimes(from: Plan.at(0, 0), to: [Plan.at(1, 1)]) == [nil])
        #expect(router.route(from: Plan.at(0, 0), to: Plan.at(1, 1)) == nil)
        let times = router.timesFromNearest(sources: [Plan.at(0, 0)], maxTime: 60)
        #expect(router.time(at: Plan.at(0, 0), in: times) == nil)
        #expect(try router.isochrones(times, minutes: [1])[0].cellCount == 0)
    }

    /// The grid search must find the true nearest segment whatever the
    /// layout: compare with a scan of every segment.
    @Test func agreesWithAScanOfEverySegment() {
        let edges = RandomNetwork.make(nodes: 200, seed: 9)
        let router = RoadRouter(edges: edges, options: .init(maxSnapDistance: 400, minimumComponentNodes: 1))
        var random = SplitMix64(seed: 10)
        for _ in 0..<300 {
            let location = Plan.at(Double.random(in: -300...3_300, using: &random), Double.random(in: -300...3_300, using: &random))
            var best = Double.infinity
            for edge in 0..<router.graph.edgeCount {
                let line = Array(router.graph.geometry(of: edge))
                for (a, b) in zip(line, line.dropFirst()) {
                    // No point of the segment is nearer than this.
                    let bound = min(Geodesic.wgs84.distance(from: location, to: a), Geodesic.wgs84.distance(from: location, to: b))
                        - Geodesic.wgs84.distance(from: a, to: b) / 2
                    if bound < best { best = min(best, Self.distance(from: location, toSegment: a, b)) }
                }
            }
            let snap = router.snap(location)
            if best <= 399 {
                #expect(snap != nil)
                #expect(abs((snap?.distance ?? .infinity) - best) < 0.05, "snap \(snap?.distance ?? -1) vs scan \(best)")
            } else if best > 401 {
                #expect(snap == nil)
            }
        }
    }

    /// Fine sampling along the segment: slow and obvious.
    static func distance(from p: Coordinate, toSegment a: Coordinate, _ b: Coordinate) -> Double {
        var best = Double.infinity
        var low = 0.0, high = 1.0
        // Ternary search: distance along a short segment is unimodal.
        for _ in 0..<100 {
            let m1 = low + (high - low) / 3, m2 = high - (high - low) / 3
            let d1 = Geodesic.wgs84.distance(from: p, to: lerp(a, b, m1)), d2 = Geodesic.wgs84.distance(from: p, to: lerp(a, b, m2))
            if d1 < d2 { high = m2 } else { low = m1 }
            best = min(best, d1, d2)
        }
        return best
    }

    static func lerp(_ a: Coordinate, _ b: Coordinate, _ t: Double) -> Coordinate {
        Coordinate(uncheckedLatitude: a.latitude + (b.latitude - a.latitude) * t, longitude: a.longitude + (b.longitude - a.longitude) * t)
    }
}
