import Foundation
import GeoCore
import GRDB
import Testing
@testable import SpatiaLiteStore
@testable import Store

@Suite struct RoadStoreTests {
    /// A ladder of streets: `rungs` east-west edges and their joining posts,
    /// with awkward values (negative node ids, long names, exact decimals).
    static func network(rungs: Int, idOffset: Int64 = 0) -> [RoadEdge] {
        var edges: [RoadEdge] = []
        var previousEast: Coordinate?
        for i in 0..<rungs {
            let latitude = 39.7 + Double(i) * 0.001 + 0.000_000_1 * Double(i % 7)
            let west = Coordinate(uncheckedLatitude: latitude, longitude: -105.000_000_3)
            let middle = Coordinate(uncheckedLatitude: latitude + 0.000_123_4, longitude: -104.995)
            let east = Coordinate(uncheckedLatitude: latitude, longitude: -104.99)
            // Rung i runs from node -(i+1) to node i+1; post i joins the
            // east ends of rungs i-1 and i (nodes i and i+1).
            edges.append(RoadEdge(
                id: idOffset + Int64(2 * i + 1), from: -Int64(i) - 1, to: Int64(i) + 1, geometry: [west, middle, east],
                lengthMetres: 1_000 + Double(i) / 3, speedKmh: i % 2 == 0 ? 30 : 50 * 1.609344,
                direction: i % 3 == 0 ? .forward : .both, highway: i % 2 == 0 ? "residential" : "living_street",
                name: i % 4 == 0 ? nil : "Rung \(i) \u{2014} \u{00E9}st", osmWayID: 1_000_000_000_000 + Int64(i)))
            if let previousEast {
                edges.append(RoadEdge(
                    id: idOffset + Int64(2 * i + 2), from: Int64(i), to: Int64(i) + 1, geometry: [previousEast, east],
                    lengthMetres: 111, speedKmh: 15, direction: .both, highway: "service", osmWayID: 7))
            }
            previousEast = east
        }
        return edges
    }

    @Test func anEmptyStoreHasNoRoads() async throws {
        let temporary = try TemporaryStore()
        #expect(try await temporary.store.roads.roadSummary() == nil)
        #expect(try await temporary.store.roads.roadEdges().isEmpty)
    }

    @Test func edgesRoundTripExactly() async throws {
        let temporary = try TemporaryStore()
        let roads = temporary.store.roads
        let edges = Self.network(rungs: 40)
        let summary = try await roads.replaceRoads(edges, source: "ladder.osm.pbf")
        #expect(try await roads.roadEdges() == edges)
        #expect(summary.source == "ladder.osm.pbf")
        #expect(summary.edgeCount == edges.count)
        #expect(summary.oneWayEdgeCount == edges.filter { $0.direction == .forward }.count)
        #expect(summary.nodeCount == Set(edges.flatMap { [$0.from, $0.to] }).count)
        #expect(abs(summary.totalLengthMetres - edges.map(\.lengthMetres).reduce(0, +)) < 1e-6)
        #expect(try await roads.roadSummary() == summary)
        #expect(try temporary.store.integrityProblems().isEmpty)

        let nodes = try await temporary.store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, X(geom) AS x, Y(geom) AS y FROM road_nodes ORDER BY id")
                .map { (id: $0["id"] as Int64, x: $0["x"] as Double, y: $0["y"] as Double) }
        }
        #expect(nodes.count == summary.nodeCount)
        let first = try #require(nodes.first { $0.id == -1 })
        #expect(first.x == -105.000_000_3 && first.y == 39.7)
    }

    @Test func aSecondImportReplacesTheFirstAndIsNoticed() async throws {
        let temporary = try TemporaryStore()
        let roads = temporary.store.roads
        let first = try await roads.replaceRoads(Self.network(rungs: 30), source: "a.osm")
        let smaller = Self.network(rungs: 5, idOffset: 500)
        let second = try await roads.replaceRoads(smaller, source: "b.osm")
        #expect(second.importID > first.importID)
        #expect(try await roads.roadEdges() == smaller)
        #expect(try await roads.roadSummary() == second)
        let nodeCount = try await temporary.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM road_nodes") }
        #expect(nodeCount == second.nodeCount)
        #expect(try temporary.store.integrityProblems().isEmpty)
        // The old edges are gone from the spatial index too.
        let everywhere = BoundingBox(west: -180, south: -90, east: 180, north: 90)
        #expect(try await roads.roadEdges(in: everywhere, limit: 1_000).map(\.id) == smaller.map(\.id))
    }

    @Test func boxQueriesUseTheGeometryAndTheLimit() async throws {
        let temporary = try TemporaryStore()
        let roads = temporary.store.roads
        let edges = Self.network(rungs: 20)
        _ = try await roads.replaceRoads(edges, source: "ladder.osm")
        // Rungs 0...2 lie between 39.7 and about 39.7022.
        let box = BoundingBox(west: -105.01, south: 39.6999, east: -104.98, north: 39.7021)
        let expected = edges.filter { edge in edge.geometry.contains { $0.latitude <= 39.7021 } }.map(\.id)
        #expect(try await roads.roadEdges(in: box, limit: 100).map(\.id) == expected)
        #expect(try await roads.roadEdges(in: box, limit: 2).map(\.id) == Array(expected.prefix(2)))
        let far = BoundingBox(west: 10, south: 10, east: 11, north: 11)
        #expect(try await roads.roadEdges(in: far, limit: 100).isEmpty)
    }

    /// Ways an edge can be unacceptable, with the field the store names.
    enum Spoil: String, CaseIterable, Sendable {
        case onePoint, zeroSpeed, nanLength, outOfRange, duplicateID, nodeMoved

        var field: String {
            switch self {
            case .onePoint, .outOfRange: "geometry"
            case .zeroSpeed: "speed_kmh"
            case .nanLength: "length_m"
            case .duplicateID: "id"
            case .nodeMoved: "to"
            }
        }

        func apply(to edge: inout RoadEdge) {
            switch self {
            case .onePoint: edge.geometry = [edge.geometry[0]]
            case .zeroSpeed: edge.speedKmh = 0
            case .nanLength: edge.lengthMetres = .nan
            case .outOfRange: edge.geometry[1] = Coordinate(uncheckedLatitude: 95, longitude: 0)
            case .duplicateID: edge.id = 10_001
            // The bad edge is a post, whose `to` node an earlier rung placed.
            case .nodeMoved: edge.geometry[edge.geometry.count - 1] = Coordinate(uncheckedLatitude: 1, longitude: 1)
            }
        }
    }

    @Test(arguments: Spoil.allCases)
    func aRefusedEdgeLeavesTheOldRoads(_ spoil: Spoil) async throws {
        let temporary = try TemporaryStore()
        let roads = temporary.store.roads
        let old = Self.network(rungs: 10)
        let oldSummary = try await roads.replaceRoads(old, source: "old.osm")
        // The bad edge comes late, after hundreds of good rows were written.
        var replacement = Self.network(rungs: 300, idOffset: 10_000)
        let bad = replacement.count - 5
        spoil.apply(to: &replacement[bad])
        await #expect(throws: StoreError.self) { try await roads.replaceRoads(replacement, source: "new.osm") }
        do {
            _ = try await roads.replaceRoads(replacement, source: "new.osm")
        } catch StoreError.invalidRecord(let index, let refusedField, _) {
            #expect(index == bad)
            #expect(refusedField == spoil.field)
        }
        #expect(try await roads.roadEdges() == old)
        #expect(try await roads.roadSummary() == oldSummary)
        #expect(try temporary.store.integrityProblems().isEmpty)
    }

    @Test func roadsSurviveReopeningTheFile() async throws {
        let temporary = try TemporaryStore()
        let edges = Self.network(rungs: 3)
        let summary = try await temporary.store.roads.replaceRoads(edges, source: "x.osm")
        let reopened = try SpatiaLiteStore(path: temporary.path)
        #expect(try await reopened.roads.roadEdges() == edges)
        #expect(try await reopened.roads.roadSummary() == summary)
    }

    @Test func lineStringWKBRoundTripsAndRefusesOtherGeometry() throws {
        let line = [Coordinate(uncheckedLatitude: 39.123456789, longitude: -105.987654321),
                    Coordinate(uncheckedLatitude: -0.0, longitude: 180)]
        let wkb = LineStringWKB.encode(line)
        #expect(wkb.count == 9 + 32)
        #expect(try LineStringWKB.decode(wkb) == line)
        let point = Geometry.point(line[0]).wellKnownBinary
        #expect(throws: WKBError.unsupportedType(1)) { try LineStringWKB.decode(point) }
        #expect(throws: WKBError.truncated) { try LineStringWKB.decode(wkb.prefix(20)) }
    }
}
