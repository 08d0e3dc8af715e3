// Routing benchmark (issue: road-network ETAs). Release build, one thread:
//
//   RoutingBenchmark STORE.sqlite QUERIES.csv OUTDIR [QUERIES TARGETS]
//
// 1. loads the store's roads and builds the router (graph, contraction
//    hierarchy, snap index), timing each step;
// 2. writes the graph as OUTDIR/edges.csv (edge_id,source,target,length_m,
//    time_s,direction, every digit of the times routed with) for the peers;
// 3. (when QUERIES.csv does not exist, first writes QUERIES random queries of
//    TARGETS targets each, default 100 x 50, seeded, from the graph's nodes)
//    answers QUERIES.csv (query,origin,target: OSM node ids, one origin per
//    query) as one-to-many drive times from the origin's location to the
//    targets' locations, as dispatch asks them (snapping included), timing
//    each query; writes OUTDIR/crisismap.csv (query,origin,target,time_s,
//    query_ms) and OUTDIR/crisismap.json (build timings, median and p90).
import Foundation
import GeoCore
import Routing
import SpatiaLiteStore
import Store

func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    log("usage: RoutingBenchmark STORE.sqlite QUERIES.csv OUTDIR")
    exit(1)
}
let (storePath, queriesPath, outDir) = (arguments[1], arguments[2], arguments[3])

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
}

let store = try SpatiaLiteStore(path: storePath)
let clock = ContinuousClock()
var mark = clock.now
let edges = try await store.roads.roadEdges()
let loadTime = seconds(clock.now - mark)
mark = clock.now
let router = RoadRouter(edges: edges)
let buildTime = seconds(clock.now - mark)
log("roads: \(edges.count) edges, \(router.graph.nodeCount) nodes; loaded in \(String(format: "%.2f", loadTime)) s, router built in \(String(format: "%.2f", buildTime)) s (CH \(String(format: "%.2f", seconds(router.timings.hierarchy))) s)")

// The graph for the peers: times exactly as routed (length over speed).
var edgeLines = ["edge_id,source,target,length_m,time_s,direction"]
edgeLines.reserveCapacity(edges.count + 1)
for edge in edges {
    edgeLines.append("\(edge.id),\(edge.from),\(edge.to),\(edge.lengthMetres),\(edge.travelTime),\(edge.direction.rawValue)")
}
try (edgeLines.joined(separator: "\n") + "\n").write(toFile: outDir + "/edges.csv", atomically: true, encoding: .utf8)

if !FileManager.default.fileExists(atPath: queriesPath) {
    let count = arguments.count > 4 ? Int(arguments[4]) ?? 100 : 100
    let targets = arguments.count > 5 ? Int(arguments[5]) ?? 50 : 50
    // SplitMix64: the same queries on every run and for every engine.
    var state: UInt64 = 20_261_130
    func next() -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(router.graph.nodeCount))
    }
    var lines = ["query,origin,target"]
    for query in 1...count {
        let origin = router.graph.osmNodeIDs[next()]
        var picked: Set<Int64> = [origin]
        while picked.count < targets + 1 {
            let target = router.graph.osmNodeIDs[next()]
            if picked.insert(target).inserted { lines.append("\(query),\(origin),\(target)") }
        }
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: queriesPath, atomically: true, encoding: .utf8)
}

// Queries by node id: each node's own location, which snaps onto the node.
var queries: [(id: String, origin: Int64, targets: [Int64])] = []
for line in try String(contentsOfFile: queriesPath, encoding: .utf8).split(separator: "\n").dropFirst() {
    let fields = line.split(separator: ",")
    guard fields.count == 3, let origin = Int64(fields[1]), let target = Int64(fields[2]) else { continue }
    if queries.last?.id == String(fields[0]) { queries[queries.count - 1].targets.append(target) } else {
        queries.append((String(fields[0]), origin, [target]))
    }
}
func location(_ osmID: Int64) -> Coordinate {
    router.graph.nodeCoordinates[router.graph.node(osmID: osmID)!]
}

var resultLines = ["query,origin,target,time_s,query_ms"]
var durations: [Double] = []
// One untimed pass warms caches, as a server answering its first request would be.
for query in queries.prefix(3) { _ = router.travelTimes(from: location(query.origin), to: query.targets.map(location)) }
for query in queries {
    let origin = location(query.origin), targets = query.targets.map(location)
    let started = clock.now
    let times = router.travelTimes(from: origin, to: targets)
    let elapsed = seconds(clock.now - started) * 1_000
    durations.append(elapsed)
    for (target, time) in zip(query.targets, times) {
        resultLines.append("\(query.id),\(query.origin),\(target),\(time.map { "\($0.seconds)" } ?? ""),\(elapsed)")
    }
}
try (resultLines.joined(separator: "\n") + "\n").write(toFile: outDir + "/crisismap.csv", atomically: true, encoding: .utf8)
let sorted = durations.sorted()
let summary: [String: Any] = [
    "edges": edges.count, "nodes": router.graph.nodeCount, "load_s": loadTime, "build_s": buildTime,
    "graph_s": seconds(router.timings.graph), "hierarchy_s": seconds(router.timings.hierarchy),
    "snap_index_s": seconds(router.timings.snapIndex), "queries": queries.count,
    "targets_per_query": queries.first?.targets.count ?? 0,
    "median_ms": percentile(sorted, 0.5), "p90_ms": percentile(sorted, 0.9), "p99_ms": percentile(sorted, 0.99),
]
try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .prettyPrinted]).write(to: URL(fileURLWithPath: outDir + "/crisismap.json"))
log(String(format: "one-to-many (%d targets): median %.3f ms, p90 %.3f ms over %d queries",
           queries.first?.targets.count ?? 0, percentile(sorted, 0.5), percentile(sorted, 0.9), queries.count))
