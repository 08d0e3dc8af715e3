import GeoCore
import Store

/// Turns an OpenStreetMap file into drivable road edges in two passes, so
/// that memory follows the size of the road network, not of the file (most
/// of an extract is buildings, paths and their nodes):
///
/// 1. read the ways, keep the drivable ones (`RoadTagRules`) with the ids of
///    their nodes;
/// 2. read the nodes, keeping positions only for those ids.
///
/// Each kept way is then cut into edges at its ends and at every node that
/// another kept way (or the way itself, a second time) passes through.
public struct RoadExtractor: Sendable {
    /// How many ways left out for missing nodes the report names.
    static let missingNodeExampleLimit = 10

    public init() {}

    public func extract(
        from source: any OSMElementSource, progress: ((RoadImportProgress) -> Void)? = nil
    ) throws -> RoadExtraction {
        var report = RoadExtractionReport(file: source.name)
        var ways = try readWays(source, report: &report, progress: progress)
        var table = RoadNodeTable(ids: ways.flatMap(\.nodeIDs))
        try readNodes(source, into: &table, report: &report, progress: progress)
        progress?(.building(ways: ways.count))
        ways.sort { $0.id < $1.id }
        let complete = completeWays(ways, table: &table, report: &report)
        let edges = cut(complete, table: table, report: &report)
        return RoadExtraction(edges: edges, report: report)
    }

    /// A drivable way as pass 1 keeps it, nodes already in driving order.
    private struct KeptWay {
        var id: Int64
        var nodeIDs: [Int64]
        var road: RoadClass
    }

    private func readWays(
        _ source: any OSMElementSource, report: inout RoadExtractionReport,
        progress: ((RoadImportProgress) -> Void)?
    ) throws -> [KeptWay] {
        var kept: [KeptWay] = []
        var counts = report
        try source.read(nodes: nil, ways: { way in
            counts.waysRead += 1
            guard let verdict = RoadTagRules.classify(way.tags) else { return }
            counts.highwayWays += 1
            switch verdict {
            case .skipped(let reason):
                counts.skip(reason, highway: way.tags["highway"])
            case .road(let road):
                // A node repeated in a row adds no segment (editors leave these).
                var nodes: [Int64] = []
                nodes.reserveCapacity(way.nodeIDs.count)
                for id in way.nodeIDs where nodes.last != id { nodes.append(id) }
                guard nodes.count >= 2 else {
                    counts.skip(.degenerate)
                    return
                }
                if road.reversed { nodes.reverse() }
                kept.append(KeptWay(id: way.id, nodeIDs: nodes, road: road))
            }
        }, progress: { fraction in
            progress?(.readingWays(fraction: fraction, kept: kept.count))
        })
        report = counts
        return kept
    }

    private func readNodes(
        _ source: any OSMElementSource, into table: inout RoadNodeTable, report: inout RoadExtractionReport,
        progress: ((RoadImportProgress) -> Void)?
    ) throws {
        // Swapped out rather than copied: the closure must own the only
        // reference, or the first position written would copy every array.
        var nodes = RoadNodeTable(ids: [])
        swap(&nodes, &table)
        defer { swap(&nodes, &table) }
        var read = 0
        let name = source.name
        try source.read(nodes: { node in
            read += 1
            guard let index = nodes.index(of: node.id) else { return }
            guard abs(node.latitudeNanodegrees) <= 90_000_000_000, abs(node.longitudeNanodegrees) <= 180_000_000_000 else {
                throw ImportError(file: name, message: "node \(node.id) is at latitude \(node.latitude), longitude \(node.longitude): outside WGS84's range")
            }
            nodes.setPosition(index, latitude: node.latitudeNanodegrees, longitude: node.longitudeNanodegrees)
        }, ways: nil, progress: { fraction in
            progress?(.readingNodes(fraction: fraction))
        })
        report.nodesRead = read
    }

    /// Keeps each way's runs of nodes the file has (an extract clipped at
    /// its border keeps the part inside; a way with no two consecutive known
    /// nodes is dropped), then counts the passages through each node of what
    /// remains: a dropped stretch must not leave junctions behind.
    private func completeWays(
        _ ways: [KeptWay], table: inout RoadNodeTable, report: inout RoadExtractionReport
    ) -> [(way: KeptWay, nodes: [Int])] {
        var pieces: [(way: KeptWay, nodes: [Int])] = []
        pieces.reserveCapacity(ways.count)
        var kept = 0
        for way in ways {
            let indexes = way.nodeIDs.map { table.index(of: $0)! }
            let runs = indexes.split { !table.hasPosition($0) }.filter { $0.count >= 2 }.map(Array.init)
            guard !runs.isEmpty else {
                report.skip(.missingNodes)
                if report.missingNodeExamples.count < Self.missingNodeExampleLimit {
                    report.missingNodeExamples.append(way.id)
                }
                continue
            }
            if runs.count > 1 || runs[0].count < indexes.count { report.clippedWays += 1 }
            kept += 1
            for run in runs {
                for index in run { table.pass(index) }
                pieces.append((way, run))
            }
        }
        // A closed way passes its first node twice, but as its two ends,
        // which are cut there anyway; nothing to correct.
        report.keptWays = kept
        return pieces
    }

    private func cut(
        _ ways: [(way: KeptWay, nodes: [Int])], table: RoadNodeTable, report: inout RoadExtractionReport
    ) -> [RoadEdge] {
        var edges: [RoadEdge] = []
        var endNodes = Set<Int>()
        let geodesic = Geodesic.wgs84
        for (way, nodes) in ways {
            var start = 0
            for i in 1..<nodes.count where i == nodes.count - 1 || table.isJunction(nodes[i]) {
                let stretch = nodes[start...i]
                let geometry = stretch.map { index in
                    Coordinate(uncheckedLatitude: Double(table.latitudes[index]) / 1e9,
                               longitude: Double(table.longitudes[index]) / 1e9)
                }
                var length = 0.0
                for k in 1..<geometry.count { length += geodesic.distance(from: geometry[k - 1], to: geometry[k]) }
                edges.append(RoadEdge(
                    id: Int64(edges.count + 1), from: table.ids[nodes[start]], to: table.ids[nodes[i]],
                    geometry: geometry, lengthMetres: length, speedKmh: way.road.speedKmh,
                    direction: way.road.direction, highway: way.road.highway, name: way.road.name, osmWayID: way.id))
                endNodes.insert(nodes[start])
                endNodes.insert(nodes[i])
                report.totalLengthMetres += length
                if way.road.direction == .forward { report.oneWayEdgeCount += 1 }
                start = i
            }
        }
        report.edgeCount = edges.count
        report.nodeCount = endNodes.count
        return edges
    }
}
