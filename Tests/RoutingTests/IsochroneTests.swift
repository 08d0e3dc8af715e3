import Foundation
import GeoCore
import Store
import Testing
@testable import Routing

@Suite struct IsochroneTests {
    static let options = RoadRouter.Options(maxSnapDistance: 100, minimumComponentNodes: 1)

    /// The cell (column, row) of the router's grid a location falls in, and
    /// how far it is from the nearest cell border (to keep tests off the knife edge).
    static func cell(_ location: Coordinate, _ router: RoadRouter, size: Double = 100) -> (column: Int, row: Int, margin: Double) {
        let (x, y) = router.projection.project(location)
        let margin = min(x - floor(x / size) * size, ceil(x / size) * size - x, y - floor(y / size) * size, ceil(y / size) * size - y)
        return (Int(floor(x / size)), Int(floor(y / size)), margin)
    }

    static func corner(_ column: Int, _ row: Int, _ router: RoadRouter, size: Double = 100) -> Coordinate {
        router.projection.unproject(x: Double(column) * size, y: Double(row) * size)
    }

    /// Twice the signed area in degrees: positive counter-clockwise.
    static func signedArea(_ ring: [Coordinate]) -> Double {
        zip(ring, ring.dropFirst()).reduce(0) { $0 + $1.0.longitude * $1.1.latitude - $1.1.longitude * $1.0.latitude }
    }

    static func expectValid(_ geometry: Geometry) {
        guard case .multiPolygon(let polygons) = geometry else {
            Issue.record("not a multipolygon")
            return
        }
        for polygon in polygons {
            for (index, ring) in polygon.rings.enumerated() {
                #expect(ring.count >= 5)
                #expect(ring.first == ring.last, "closed")
                #expect(ring.firstSelfIntersection() == nil, "simple")
                #expect(index == 0 ? signedArea(ring) > 0 : signedArea(ring) < 0, "exterior counter-clockwise, holes clockwise")
            }
        }
    }

    /// A 2 km road at 10 m/s and a source at its west end: one minute
    /// reaches 600 m, so the area is exactly the row of cells from the
    /// source's to the one 600 m east, and nothing of a road that is not reached.
    @Test func straightRoadCoversTheExpectedCellsAndNothingBeyond() throws {
        var builder = NetworkBuilder()
        builder.road(1, 2, [Plan.at(37, 0), Plan.at(2_037, 0)])
        builder.road(3, 4, [Plan.at(0, 1_030), Plan.at(2_000, 1_030)])
        let router = RoadRouter(edges: builder.edges, options: Self.options)
        let start = Self.cell(Plan.at(37, 0), router), end = Self.cell(Plan.at(637, 0), router)
        try #require(start.margin > 1 && end.margin > 1, "pick road positions away from cell borders")
        #expect(start.row == end.row)

        let times = router.timesFromNearest(sources: [Plan.at(37, 0)], maxTime: 3_600)
        let areas = try router.isochrones(times, minutes: [1, 2])
        #expect(areas.map(\.minutes) == [1, 2])
        #expect(areas[0].cellCount == end.column - start.column + 1)
        let polygons = areas[0].geometry.polygons
        try #require(polygons.count == 1)
        #expect(polygons[0].rings.count == 1)
        let expected: Set<Coordinate> = [
            Self.corner(start.column, start.row, router), Self.corner(end.column + 1, start.row, router),
            Self.corner(end.column + 1, start.row + 1, router), Self.corner(start.column, start.row + 1, router),
        ]
        #expect(Set(polygons[0].exterior) == expected, "a rectangle of whole cells, corners only")
        #expect(polygons[0].exterior.count == 5)
        let further = Self.cell(Plan.at(1_237, 0), router)
        #expect(areas[1].cellCount == further.column - start.column + 1)
        Self.expectValid(areas[0].geometry)
        Self.expectValid(areas[1].geometry)
    }

    /// A square loop of road 800 m a side, all reached: the cells along it
    /// form a ring, and the unreached middle is a hole.
    @Test func loopRoadLeavesAHole() throws {
        var builder = NetworkBuilder()
        let corners = [Plan.at(0, 0), Plan.at(800, 0), Plan.at(800, 800), Plan.at(0, 800)]
        for i in 0..<4 { builder.road(Int64(i + 1), Int64((i + 1) % 4 + 1), [corners[i], corners[(i + 1) % 4]]) }
        let router = RoadRouter(edges: builder.edges, options: Self.options)
        let times = router.timesFromNearest(sources: [Plan.at(10, 0)], maxTime: 3_600)
        let area = try #require(try router.isochrones(times, minutes: [5]).first)
        let polygons = area.geometry.polygons
        try #require(polygons.count == 1)
        #expect(polygons[0].rings.count == 2)
        Self.expectValid(area.geometry)
        // A shorter time reaches part of the loop: no hole.
        let part = try #require(try router.isochrones(times, minutes: [1]).first)
        #expect(part.geometry.polygons.allSatisfy { $0.rings.count == 1 })
        Self.expectValid(part.geometry)
    }

    /// Drive-time areas follow one-way streets: forward from a source in the
    /// middle of a west-to-east one-way road reaches only east of it, and
    /// reverse (time to the source) only west of it.
    @Test func oneWayRoadsBendTheArea() throws {
        var builder = NetworkBuilder()
        builder.road(1, 2, [Plan.at(0, 0), Plan.at(2_000, 0)], oneWay: true)
        let router = RoadRouter(edges: builder.edges, options: Self.options)
        let source = Plan.at(1_037, 0), sourceCell = Self.cell(source, router)
        let x = router.projection.project(source).x
        try #require(x - floor(x / 100) * 100 > 1 && ceil(x / 100) * 100 - x > 1, "the source is inside a cell, not on its border")
        let forward = try router.isochrones(router.timesFromNearest(sources: [source], maxTime: 600), minutes: [0.5])[0]
        let reverse = try router.isochrones(router.timesFromNearest(sources: [source], maxTime: 600, reverse: true), minutes: [0.5])[0]
        let west = Self.corner(sourceCell.column, sourceCell.row, router).longitude
        let east = Self.corner(sourceCell.column + 1, sourceCell.row, router).longitude
        let forwardRing = forward.geometry.polygons[0].exterior, reverseRing = reverse.geometry.polygons[0].exterior
        #expect(abs(forwardRing.map(\.longitude).min()! - west) < 1e-12)
        #expect(forwardRing.map(\.longitude).max()! > east)
        #expect(abs(reverseRing.map(\.longitude).max()! - east) < 1e-12)
        #expect(reverseRing.map(\.longitude).min()! < west)
        // Thresholds past the table's limit are cut to it.
        let capped = try router.isochrones(router.timesFromNearest(sources: [source], maxTime: 30), minutes: [0.5, 5])
        #expect(capped[0].cellCount == capped[1].cellCount)
    }

    @Test func sameInputGivesTheSameRings() throws {
        let router = RoadRouter(edges: RandomNetwork.make(nodes: 200, seed: 51), options: Self.options)
        let sources = [Plan.at(500, 500), Plan.at(2_500, 1_500)]
        let first = try router.isochrones(router.timesFromNearest(sources: sources, maxTime: 600), minutes: [2, 4, 8], cellSize: 50)
        let second = try router.isochrones(router.timesFromNearest(sources: sources, maxTime: 600), minutes: [2, 4, 8], cellSize: 50)
        #expect(first == second)
        #expect(first[0].cellCount < first[1].cellCount)
        for area in first { Self.expectValid(area.geometry) }
    }

    @Test func rejectsBadCellSizesAndHugeGrids() {
        var builder = NetworkBuilder()
        builder.road(1, 2, [Plan.at(0, 0), Plan.at(2_000, 0)])
        let router = RoadRouter(edges: builder.edges, options: Self.options)
        let times = router.timesFromNearest(sources: [Plan.at(0, 0)], maxTime: 600)
        #expect(throws: IsochroneError.invalidCellSize(0)) { try router.isochrones(times, minutes: [1], cellSize: 0) }
        #expect(throws: IsochroneError.self) { try router.isochrones(times, minutes: [5], cellSize: 1, maxCells: 100) }
        let none = router.timesFromNearest(sources: [Plan.at(0, 5_000)], maxTime: 600)
        #expect((try? router.isochrones(none, minutes: [5]))?.first?.geometry == .multiPolygon([]))
    }
}

/// The outline tracer on hand-drawn cell patterns.
@Suite struct CellBoundaryTracerTests {
    static func trace(_ rows: [String]) -> [CellBoundaryTracer.Ring] {
        // Rows are drawn top (north) first; "#" is reached.
        let cells = rows.reversed().map { Array($0) }
        let tracer = CellBoundaryTracer(columns: cells[0].count, rows: cells.count)
        return tracer.rings { column, row in cells[row][column] == "#" }
    }

    @Test func cellsTouchingAtACornerAreSeparateRings() {
        let rings = Self.trace([".#", "#."])
        #expect(rings.count == 2)
        #expect(rings.allSatisfy { $0.area2 == 2 && $0.vertices.count == 4 })
    }

    @Test func aHoleTouchingTheOutsideAtACornerIsCutIntoTwoSimpleRings() {
        let rings = Self.trace(["###", "#.#", ".##"])
        #expect(rings.map(\.area2).sorted() == [-2, 16])
        let polygons = PolygonAssembly.polygons(from: rings)
        #expect(polygons.count == 1)
        #expect(polygons[0].count == 2)
        for ring in rings { #expect(Set(ring.vertices.map { "\($0.x),\($0.y)" }).count == ring.vertices.count, "no vertex twice") }
    }

    @Test func islandsInsideHolesBecomeTheirOwnPolygons() {
        let rings = Self.trace([
            "#####",
            "#...#",
            "#.#.#",
            "#...#",
            "#####",
        ])
        let polygons = PolygonAssembly.polygons(from: rings)
        #expect(polygons.count == 2)
        #expect(polygons.map(\.count).sorted() == [1, 2])
        #expect(polygons.first { $0.count == 2 }![1].area2 == -18)
    }

    @Test func straightRunsKeepOnlyCorners() {
        let rings = Self.trace(["#####"])
        #expect(rings.count == 1)
        #expect(rings[0].vertices.count == 4)
        #expect(rings[0].area2 == 10)
    }
}
