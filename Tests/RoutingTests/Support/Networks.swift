import Foundation
import GeoCore
import Store
import TestSupport

/// Places laid out in metres east and north of a point in Denver, so hand-built
/// networks read like sketches on squared paper.
enum Plan {
    static let origin = Coordinate(uncheckedLatitude: 39.7392, longitude: -104.9903)

    /// Flat about the origin, with the WGS84 radii of curvature there:
    /// within a few kilometres, true to a few parts in a million.
    static func at(_ east: Double, _ north: Double) -> Coordinate {
        let e2 = 0.006_694_379_990_14, a = 6_378_137.0
        let s = sin(origin.latitude * .pi / 180), w = 1 - e2 * s * s
        let metresPerDegreeLatitude = a * (1 - e2) / (w * w.squareRoot()) * .pi / 180
        let metresPerDegreeLongitude = a / w.squareRoot() * cos(origin.latitude * .pi / 180) * .pi / 180
        return Coordinate(uncheckedLatitude: origin.latitude + north / metresPerDegreeLatitude,
                          longitude: origin.longitude + east / metresPerDegreeLongitude)
    }

    /// Geodesic length of a polyline, as the importer measures edges.
    static func length(_ line: [Coordinate]) -> Double {
        zip(line, line.dropFirst()).reduce(0) { $0 + Geodesic.wgs84.distance(from: $1.0, to: $1.1) }
    }
}

/// Builds `[RoadEdge]` the way the importer would: ids in order, lengths geodesic.
struct NetworkBuilder {
    private(set) var edges: [RoadEdge] = []

    /// Adds a road through `points` between OSM nodes `from` and `to`; returns its id.
    @discardableResult
    mutating func road(_ from: Int64, _ to: Int64, _ points: [Coordinate], kmh: Double = 36, oneWay: Bool = false) -> Int64 {
        let id = Int64(edges.count + 1)
        edges.append(RoadEdge(id: id, from: from, to: to, geometry: points, lengthMetres: Plan.length(points),
                              speedKmh: kmh, direction: oneWay ? .forward : .both, highway: "residential", osmWayID: id))
        return id
    }

    /// Seconds to drive a whole edge.
    func seconds(_ id: Int64) -> Double {
        edges.first { $0.id == id }!.travelTime
    }
}

/// Random networks with one-way streets and pieces that do not connect.
enum RandomNetwork {
    /// `nodes` junctions scattered over a few kilometres, each joined to its
    /// nearest few (about a fifth of them one-way), plus a second cluster
    /// far away, so not everything is reachable.
    static func make(nodes: Int, seed: UInt64) -> [RoadEdge] {
        var random = SplitMix64(seed: seed)
        var builder = NetworkBuilder()
        // Scattered, non-sequential OSM ids, as real extracts have.
        let ids = (0..<nodes).map { Int64($0) * 7_919 + 1_000_003 }
        let main = nodes * 4 / 5
        var positions = [Coordinate]()
        for index in 0..<nodes {
            let far = index >= main ? 12_000.0 : 0
            positions.append(Plan.at(Double.random(in: 0...3_000, using: &random) + far,
                                     Double.random(in: 0...3_000, using: &random)))
        }
        func join(_ a: Int, _ b: Int) {
            let middle = Coordinate(
                uncheckedLatitude: (positions[a].latitude + positions[b].latitude) / 2 + Double.random(in: -0.0003...0.0003, using: &random),
                longitude: (positions[a].longitude + positions[b].longitude) / 2)
            let kmh = [20.0, 30, 40, 50, 80].randomElement(using: &random)!
            builder.road(ids[a], ids[b], [positions[a], middle, positions[b]], kmh: kmh,
                         oneWay: Double.random(in: 0..<1, using: &random) < 0.2)
        }
        for a in 0..<nodes {
            let cluster = a >= main ? main..<nodes : 0..<main
            let nearest = cluster.filter { $0 != a }.sorted {
                Geodesic.wgs84.distance(from: positions[a], to: positions[$0]) < Geodesic.wgs84.distance(from: positions[a], to: positions[$1])
            }
            let degree = Int.random(in: 2...4, using: &random)
            for b in nearest.prefix(degree) where a < b || Double.random(in: 0..<1, using: &random) < 0.3 { join(a, b) }
        }
        // A two-way street through the main cluster west to east keeps most of it in one piece.
        let westToEast = (0..<main).sorted { positions[$0].longitude < positions[$1].longitude }
        for (a, b) in zip(westToEast, westToEast.dropFirst()) {
            builder.road(ids[a], ids[b], [positions[a], positions[b]], kmh: 30)
        }
        return builder.edges
    }
}
