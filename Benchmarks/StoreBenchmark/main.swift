// Store benchmark (issue: state-wide scale over PostGIS). Release build:
//
//   StoreBenchmark load FACILITIES.csv SQLITE_PATH POSTGRES_URL OUT.json
//   StoreBenchmark measure FACILITIES.csv QUERIES.csv SQLITE_PATH POSTGRES_URL OUT.json
//
// `load` writes every facility of FACILITIES.csv (`id,lat,lon`, from
// Benchmarks/dispatch/make_points.py) into both stores through the store
// interface (`store.facilities.upsert`, one transaction each), attributes
// assigned per row by a hash as in DispatchBenchmark.
//
// `measure` times `store.facilities.nearest(to:limit: 10)` (index candidates,
// exact WGS84 geodesic re-rank) for every query point on the PostGIS store,
// then on the SpatiaLite store, one caller, one query at a time; checks both
// return the same ids in the same order; then, through the same driver
// (PostgresNIO, one pooled connection), the plain PostGIS queries
//   SELECT id FROM peer_facilities ORDER BY geog <-> q LIMIT 10   (run.sh makes that table)
//   SELECT id FROM facilities ORDER BY geom <-> q LIMIT 10
// and how many index rounds each store's nearest needed (replayed from the
// data: PostGIS from the planar `<->` order, SpatiaLite from its box counts).
import Foundation
import GeoCore
import Logging
import PostGISStore
import PostgresNIO
import SpatiaLiteStore
import Store

/// Progress on standard error, unbuffered.
func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

func fail(_ text: String) -> Never {
    log(text)
    exit(1)
}

func readRows(_ path: String) throws -> [[Substring]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
}

/// A well-mixed number from the row number (SplitMix64), as in DispatchBenchmark.
func mix(_ i: Int, _ salt: UInt64) -> Int {
    var z = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 &+ salt
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
}

let noon = Date(timeIntervalSince1970: 1_795_381_200) // 2026-11-22T14:00:00-07:00
let hourChoices: [OpeningHours?] = ["24/7", "Mo-Fr 08:00-20:00; Sa 10:00-14:00", "Mo-Su 19:00-07:00", nil].map {
    $0.flatMap { try? OpeningHours(parsing: $0) }
}

/// The same attributes DispatchBenchmark gives row `i`.
func facility(_ row: [Substring], _ i: Int) -> Facility {
    let kinds = FacilityKind.allCases
    return Facility(
        id: String(row[0]), name: "Facility \(row[0])", kind: kinds[mix(i, 1) % kinds.count],
        location: Coordinate(uncheckedLatitude: Double(row[1])!, longitude: Double(row[2])!),
        accepts: mix(i, 3) % 3 == 0 ? [.walkIn] : [.lawEnforcementDropoff, .walkIn],
        ageMin: mix(i, 4) % 10 == 0 ? 10 : 18, ageMax: mix(i, 4) % 10 == 0 ? 17 : 120,
        services: mix(i, 5) % 2 == 0 ? [.mentalHealth] : [.coOccurring],
        timeZone: "America/Denver", hours: hourChoices[mix(i, 2) % 4],
        bedsTotal: 16, bedsAvailable: mix(i, 6) % 5 == 0 ? 0 : 3, availabilityUpdatedAt: noon.addingTimeInterval(-Double(i % 50_000)))
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
}

/// Milliseconds, for the JSON.
func summary(_ times: [Double]) -> [String: Double] {
    let sorted = times.sorted()
    return [
        "queries": Double(sorted.count), "mean_ms": sorted.reduce(0, +) / Double(max(1, sorted.count)),
        "median_ms": percentile(sorted, 0.5), "p90_ms": percentile(sorted, 0.9), "p99_ms": percentile(sorted, 0.99),
        "max_ms": sorted.last ?? 0,
    ]
}

func describe(_ name: String, _ s: [String: Double]) {
    log(String(format: "  %@: median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms (mean %.3f, %d queries)",
               name, s["median_ms"]!, s["p90_ms"]!, s["p99_ms"]!, s["max_ms"]!, s["mean_ms"]!, Int(s["queries"]!)))
}

func milliseconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) * 1_000 + Double(d.components.attoseconds) / 1e15
}

func writeJSON(_ object: Any, to path: String) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: path))
}

func batches(_ records: [Facility], size: Int = 10_000) -> RecordBatches<Facility> {
    let (stream, continuation) = RecordBatches<Facility>.makeStream()
    for start in stride(from: 0, to: records.count, by: size) {
        continuation.yield(Array(records[start..<min(records.count, start + size)]))
    }
    continuation.finish()
    return stream
}

// MARK: load

func load(_ arguments: [String]) async throws {
    guard arguments.count == 4 else { fail("usage: StoreBenchmark load FACILITIES.csv SQLITE_PATH POSTGRES_URL OUT.json") }
    let rows = try readRows(arguments[0])
    let facilities = rows.enumerated().map { facility($1, $0) }
    log("load: \(facilities.count) facilities from \(arguments[0])")
    var result: [String: Any] = ["facilities": facilities.count]

    let postgis = try await PostGISStore.open(arguments[2], mode: .createIfMissing)
    var start = ContinuousClock.now
    let pgCounts = try await postgis.facilities.upsert(batches(facilities), expectedCount: facilities.count, progress: nil)
    let pgSeconds = milliseconds(since: start) / 1_000
    await postgis.close()
    log(String(format: "  PostGIS store: %d inserted, %d updated in %.2f s (%.0f rows/s)",
               pgCounts.inserted, pgCounts.updated, pgSeconds, Double(facilities.count) / pgSeconds))

    let spatialite = try SpatiaLiteStore(path: arguments[1], mode: .createIfMissing)
    start = ContinuousClock.now
    let slCounts = try await spatialite.facilities.upsert(batches(facilities), expectedCount: facilities.count, progress: nil)
    let slSeconds = milliseconds(since: start) / 1_000
    log(String(format: "  SpatiaLite store: %d inserted, %d updated in %.2f s (%.0f rows/s)",
               slCounts.inserted, slCounts.updated, slSeconds, Double(facilities.count) / slSeconds))

    result["postgis"] = ["seconds": pgSeconds, "inserted": pgCounts.inserted, "updated": pgCounts.updated]
    result["spatialite"] = ["seconds": slSeconds, "inserted": slCounts.inserted, "updated": slCounts.updated]
    try writeJSON(result, to: arguments[3])
}

// MARK: measure

/// PostGISTable+Nearest.swift's bound: a path of length R never moves more
/// than R / k in the lon/lat plane, k = 110,574 m × cos(poleward edge).
func coveredRadius(planar degrees: Double, around point: Coordinate) -> Double {
    let poleward = min(89.9, abs(point.latitude) + degrees)
    return degrees * 110_574 * cos(poleward * .pi / 180) / 1.01
}

func measure(_ arguments: [String]) async throws {
    guard arguments.count == 5 else {
        fail("usage: StoreBenchmark measure FACILITIES.csv QUERIES.csv SQLITE_PATH POSTGRES_URL OUT.json")
    }
    let points = try readRows(arguments[0]).map { Coordinate(uncheckedLatitude: Double($0[1])!, longitude: Double($0[2])!) }
    let queries = try readRows(arguments[1]).map { Coordinate(uncheckedLatitude: Double($0[0])!, longitude: Double($0[1])!) }
    let url = arguments[3]
    let limit = 10
    let warmup = min(200, queries.count)
    var result: [String: Any] = ["queries": queries.count, "k": limit, "warmup_queries": warmup]

    let postgis = try await PostGISStore.open(url, mode: .existing)
    let spatialite = try SpatiaLiteStore(path: arguments[2], mode: .existing)
    let pgCount = try await postgis.facilities.count()
    let slCount = try await spatialite.facilities.count()
    let pgCalls = try await postgis.calls.count()
    let slCalls = try await spatialite.calls.count()
    log("measure: \(queries.count) queries, k = \(limit); PostGIS store \(pgCount) facilities + \(pgCalls) calls, "
        + "SpatiaLite store \(slCount) facilities + \(slCalls) calls")
    result["postgis_rows"] = ["facilities": pgCount, "calls": pgCalls]
    result["spatialite_rows"] = ["facilities": slCount, "calls": slCalls]

    /// Times every query through one store; returns the times (ms) and the answers.
    func run(_ store: any CrisisStore) async throws -> ([Double], [[Nearby<Facility>]]) {
        for query in queries.prefix(warmup) { _ = try await store.facilities.nearest(to: query, limit: limit) }
        var times: [Double] = []
        var answers: [[Nearby<Facility>]] = []
        for query in queries {
            let start = ContinuousClock.now
            let answer = try await store.facilities.nearest(to: query, limit: limit)
            times.append(milliseconds(since: start))
            answers.append(answer)
        }
        return (times, answers)
    }

    log("nearest-10 through the store interface (store.facilities.nearest):")
    let (pgTimes, pgAnswers) = try await run(postgis)
    let pg = summary(pgTimes)
    describe("PostGIS store", pg)
    let (slTimes, slAnswers) = try await run(spatialite)
    let sl = summary(slTimes)
    describe("SpatiaLite store", sl)
    result["postgis_store"] = pg
    result["spatialite_store"] = sl

    // The same answers: ids in the same order, distances to the millimetre.
    var sameIDs = 0
    var maxDistanceDifference = 0.0
    var firstMismatch: [String: Any]?
    for (i, (a, b)) in zip(pgAnswers, slAnswers).enumerated() {
        if a.map(\.record.id) == b.map(\.record.id) {
            sameIDs += 1
            for (x, y) in zip(a, b) { maxDistanceDifference = max(maxDistanceDifference, abs(x.distance - y.distance)) }
        } else if firstMismatch == nil {
            firstMismatch = ["query": i, "postgis": a.map(\.record.id), "spatialite": b.map(\.record.id)]
        }
    }
    let complete = pgAnswers.allSatisfy { $0.count == limit }
    log("  identical ids in identical order: \(sameIDs) of \(queries.count) queries; largest distance difference "
        + String(format: "%.2e m", maxDistanceDifference) + (complete ? "" : " (some answers short!)"))
    result["identical_answers"] = ["same_ids": sameIDs, "queries": queries.count, "max_distance_difference_m": maxDistanceDifference,
                                   "all_complete": complete]
    if let firstMismatch { result["first_mismatch"] = firstMismatch }

    // Plain PostGIS through the same driver: ids only, one statement, no re-rank.
    let pgURL = try PostGISURL(url)
    let client = PostgresClient(
        configuration: {
            var configuration = PostgresClient.Configuration(
                host: pgURL.host, port: pgURL.port, username: pgURL.user, password: pgURL.password, database: pgURL.database,
                tls: .disable)
            configuration.options.maximumConnections = 1
            return configuration
        }(),
        backgroundLogger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
    let runner = Task { await client.run() }
    let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

    func plain(_ name: String, _ makeQuery: (Coordinate) -> PostgresQuery) async throws -> ([Double], [[String]]) {
        for query in queries.prefix(warmup) { _ = try await client.query(makeQuery(query), logger: logger).collect() }
        var times: [Double] = []
        var ids: [[String]] = []
        for query in queries {
            let start = ContinuousClock.now
            var answer: [String] = []
            for try await id in try await client.query(makeQuery(query), logger: logger).decode(String.self) { answer.append(id) }
            times.append(milliseconds(since: start))
            ids.append(answer)
        }
        return (times, ids)
    }
    log("plain PostGIS through PostgresNIO (client-side time, ids only):")
    let (geogTimes, geogIDs) = try await plain("geog") { q in
        "SELECT id FROM peer_facilities ORDER BY geog <-> ST_SetSRID(ST_MakePoint(\(q.longitude), \(q.latitude)), 4326)::geography LIMIT \(limit)"
    }
    let geog = summary(geogTimes)
    describe("peer_facilities ORDER BY geog <-> q LIMIT 10", geog)
    let (geomTimes, geomIDs) = try await plain("geom") { q in
        "SELECT id FROM facilities ORDER BY geom <-> ST_SetSRID(ST_MakePoint(\(q.longitude), \(q.latitude)), 4326) LIMIT \(limit)"
    }
    let geom = summary(geomTimes)
    describe("facilities ORDER BY geom <-> q LIMIT 10", geom)
    let exact = pgAnswers.map { $0.map(\.record.id) }
    let geogSame = zip(geogIDs, exact).filter { $0 == $1 }.count
    let geogSameSet = zip(geogIDs, exact).filter { Set($0) == Set($1) }.count
    let geomSame = zip(geomIDs, exact).filter { $0 == $1 }.count
    let geomSameSet = zip(geomIDs, exact).filter { Set($0) == Set($1) }.count
    log("  against the exact geodesic answer: geog <-> same order \(geogSame), same set \(geogSameSet); "
        + "geom <-> same order \(geomSame), same set \(geomSameSet) (of \(queries.count))")
    result["plain_geog_client"] = geog
    result["plain_geom_client"] = geom
    result["plain_agreement"] = ["geog_same_order": geogSame, "geog_same_set": geogSameSet,
                                 "geom_same_order": geomSame, "geom_same_set": geomSameSet]

    // How many `<->` rounds the PostGIS store needed per query (fetch 26,
    // then ×4), replayed from the planar order with the store's bound.
    let fetches = [26, 104, 416, 1_664]
    var pgRounds: [Int: Int] = [:]
    var pgRows = 0
    for (query, answer) in zip(queries, pgAnswers) {
        let d10 = answer.last?.distance ?? .infinity
        var planar: [Double] = []
        let sql: PostgresQuery = """
            SELECT geom <-> ST_SetSRID(ST_MakePoint(\(query.longitude), \(query.latitude)), 4326) FROM facilities
            ORDER BY geom <-> ST_SetSRID(ST_MakePoint(\(query.longitude), \(query.latitude)), 4326) LIMIT \(fetches.last!)
            """
        for try await d in try await client.query(sql, logger: logger).decode(Double.self) { planar.append(d) }
        var rounds = fetches.count + 1
        for (round, fetch) in fetches.enumerated() {
            let got = min(fetch, planar.count)
            pgRows += got
            if got < fetch || d10 < coveredRadius(planar: planar[got - 1], around: query) {
                rounds = round + 1
                break
            }
        }
        pgRounds[rounds, default: 0] += 1
    }
    let histogram = Dictionary(uniqueKeysWithValues: pgRounds.map { ($0.key > fetches.count ? ">\(fetches.count)" : "\($0.key)", $0.value) })
    log("  PostGIS store rounds per query (fetch 26, 104, 416, ...): \(histogram.sorted { $0.key < $1.key }), "
        + "rows fetched \(pgRows / queries.count) per query")
    result["postgis_rounds"] = ["rounds": histogram, "rows_per_query": Double(pgRows) / Double(queries.count)]
    runner.cancel()
    await postgis.close()

    // The SpatiaLite store's growing boxes (2 km, then ×4) replayed in memory:
    // it stops at the first box whose radius exceeds the 10th distance, and
    // decodes every row of every box on the way.
    let byLatitude = points.sorted { $0.latitude < $1.latitude }
    let latitudes = byLatitude.map(\.latitude)
    func lowerBound(_ value: Double) -> Int {
        var lo = 0, hi = latitudes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if latitudes[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
    func inBox(_ box: BoundingBox) -> Int {
        var n = 0
        for i in lowerBound(box.south)..<lowerBound(box.north.nextUp) {
            let lon = byLatitude[i].longitude
            if lon >= box.west && lon <= box.east { n += 1 }
        }
        return n
    }
    var slRows: [Double] = []
    var slRoundCounts: [Int: Int] = [:]
    for (query, answer) in zip(queries, slAnswers) {
        let d10 = answer.last?.distance ?? .infinity
        var radius = 2_000.0
        var rows = 0
        var rounds = 0
        while let box = NearestRanking.box(around: query, radius: radius) {
            rounds += 1
            rows += inBox(box)
            if d10 < radius { break }
            radius *= 4
        }
        slRows.append(Double(rows))
        slRoundCounts[rounds, default: 0] += 1
    }
    let slRowsSorted = slRows.sorted()
    log(String(format: "  SpatiaLite store: rows read per query median %.0f, p90 %.0f, p99 %.0f, max %.0f; rounds %@",
               percentile(slRowsSorted, 0.5), percentile(slRowsSorted, 0.9), percentile(slRowsSorted, 0.99),
               slRowsSorted.last ?? 0, "\(slRoundCounts.sorted { $0.key < $1.key })"))
    result["spatialite_rows_read"] = ["median": percentile(slRowsSorted, 0.5), "p90": percentile(slRowsSorted, 0.9),
                                      "p99": percentile(slRowsSorted, 0.99), "max": slRowsSorted.last ?? 0]
    result["spatialite_rounds"] = Dictionary(uniqueKeysWithValues: slRoundCounts.map { ("\($0.key)", $0.value) })
    // Time against rows read, to show where the SpatiaLite time goes.
    let dense = zip(slTimes, slRows).filter { $0.1 >= 1_000 }.map(\.0).sorted()
    let sparse = zip(slTimes, slRows).filter { $0.1 < 1_000 }.map(\.0).sorted()
    if !dense.isEmpty, !sparse.isEmpty {
        log(String(format: "  SpatiaLite store: %d queries reading < 1,000 rows median %.3f ms; %d reading more median %.3f ms",
                   sparse.count, percentile(sparse, 0.5), dense.count, percentile(dense, 0.5)))
        result["spatialite_by_rows"] = ["under_1000_rows": ["queries": sparse.count, "median_ms": percentile(sparse, 0.5)],
                                        "over_1000_rows": ["queries": dense.count, "median_ms": percentile(dense, 0.5)]]
    }
    try writeJSON(result, to: arguments[4])
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "load": try await load(Array(arguments.dropFirst()))
case "measure": try await measure(Array(arguments.dropFirst()))
default: fail("usage: StoreBenchmark load|measure ... (see Benchmarks/StoreBenchmark/main.swift)")
}
