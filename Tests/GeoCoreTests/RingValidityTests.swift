import Foundation
import Testing
@testable import GeoCore

@Suite struct RingValidityTests {
    private func ring(_ pairs: [(Double, Double)]) -> LinearRing {
        pairs.map { try! Coordinate(latitude: $0.1, longitude: $0.0) }
    }

    @Test func aSquareIsSimple() {
        #expect(ring([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]).firstSelfIntersection() == nil)
    }

    @Test func aBowTieCrossesItself() throws {
        let bowTie = ring([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
        let edges = try #require(bowTie.firstSelfIntersection())
        #expect(edges == (0, 2))
    }

    @Test func aRingTouchingItselfAtAVertexIsInvalid() {
        // A figure eight pinched at (1, 1).
        let pinched = ring([(0, 0), (1, 1), (2, 0), (2, 2), (1, 1), (0, 2), (0, 0)])
        #expect(pinched.firstSelfIntersection() != nil)
    }

    @Test func aFineCircleIsSimpleAndFast() {
        let n = 20_000
        let circle = ring((0...n).map { i in
            let angle = Double(i % n) / Double(n) * 2 * .pi
            return (-105 + 0.1 * cos(angle), 39.7 + 0.1 * sin(angle))
        })
        #expect(circle.firstSelfIntersection() == nil)
    }

    @Test func geoJSONRefusesABowTieNamingItsEdges() {
        let text = #"{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}"#
        #expect(throws: GeoJSONGeometryError.selfIntersection(ring: 0, edges: [0, 2])) {
            try Geometry(geoJSONText: text)
        }
    }
}
