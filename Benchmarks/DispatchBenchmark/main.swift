// Dispatch benchmark (issue: dispatch engine). Release build, single thread:
//
//   DispatchBenchmark FACILITIES.csv TEAMS.csv QUERIES.csv OUT.json [seconds]
//
// 1. nearest-facility with filters on every facility, nearest-team on every
//    team: per-query latency (median, p99) over the query points;
// 2. position updates at 20,000 a second through the store and the engine
//    (batches of 1,000 every 50 ms, as a vehicle-location feed delivers them)
//    for `seconds` (default 30) while another thread runs nearest-team
//    queries: achieved update rate and query latency under that load.
// The CSVs are `id,lat,lon` (facilities, teams) and `lat,lon` (queries), the
// same files the PostGIS peer script loads.
import CrisisDispatch
import Foundation
import GeoCore
import SpatiaLiteStore
import Store
import Synchronization

/// Progress and results on standard error, unbuffered, so a long run shows where it is.
func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

let arguments = CommandLine.arguments
guard arguments.count >= 5 else {
    FileHandle.standardError.write(Data("usage: DispatchBenchmark FACILITIES.csv TEAMS.csv QUERIES.csv OUT.json [seconds]\n".utf8))
    exit(1)
}
let updateSeconds = arguments.count > 5 ? Double(arguments[5]) ?? 30 : 30
let noon = Date(timeIntervalSince1970: 1_795_381_200) // 2026-11-22T14:00:00-07:00

func readRows(_ path: String) throws -> [[Substring]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

/// A well-mixed number from the row number (SplitMix64), so attributes are
/// deterministic but not correlated with each other.
func mix(_ i: Int, _ salt: UInt64) -> Int {
    var z = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 &+ salt
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
}

/// Deterministic attributes from the row number, so every run ranks the same data.
func facility(_ row: [Substring], _ i: Int) -> Facility {
    let kinds = FacilityKind.allCases
    let kind = kinds[mix(i, 1) % kinds.count]
    let hours = ["24/7", "Mo-Fr 08:00-20:00; Sa 10:00-14:00", "Mo-Su 19:00-07:00", nil][mix(i, 2) % 4]
    return Facility(
        id: String(row[0]), name: "Facility \(row[0])", kind: kind,
        location: Coordinate(uncheckedLatitude: Double(row[1])!, longitude: Double(row[2])!),
        accepts: mix(i, 3) % 3 == 0 ? [.walkIn] : [.lawEnforcementDropoff, .walkIn],
        ageMin: mix(i, 4) % 10 == 0 ? 10 : 18, ageMax: mix(i, 4) % 10 == 0 ? 17 : 120,
        services: mix(i, 5) % 2 == 0 ? [.mentalHealth] : [.coOccurring],
        timeZone: "America/Denver", hours: try? hours.map { try OpeningHours(parsing: $0) },
        bedsTotal: 16, bedsAvailable: mix(i, 6) % 5 == 0 ? 0 : 3, availabilityUpdatedAt: noon.addingTimeInterval(-Double(i % 50_000)))
}

func team(_ row: [Substring], _ i: Int) -> Team {
    Team(id: String(row[0]), callSign: "U\(i)", model: .mobileCrisis, status: mix(i, 7) % 3 == 0 ? .onScene : .available,
         location: Coordinate(uncheckedLatitude: Double(row[1])!, longitude: Double(row[2])!),
         fixAt: noon.addingTimeInterval(mix(i, 8) % 9 == 0 ? -3_600 : -60), skills: mix(i, 9) % 4 == 0 ? ["spanish"] : [])
}

func measure(_ queries: [Coordinate], _ body: (Coordinate, Int) -> Void) -> [Double] {
    var times: [Double] = []
    times.reserveCapacity(queries.count)
    for (i, query) in queries.enumerated() {
        let start = DispatchTime.now().uptimeNanoseconds
        body(query, i)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000)
    }
    return times.sorted()
}

let facilityRows = try readRows(arguments[1])
let teamRows = try readRows(arguments[2])
let queries = try readRows(arguments[3]).map { Coordinate(uncheckedLatitude: Double($0[0])!, longitude: Double($0[1])!) }
let facilities = facilityRows.enumerated().map { facility($1, $0) }
let teams = teamRows.enumerated().map { team($1, $0) }

var clock = Date()
let engine = DispatchEngine(teams: teams, facilities: facilities)
let buildSeconds = Date().timeIntervalSince(clock)
log("built the engine over \(facilities.count) facilities and \(teams.count) teams in \(String(format: "%.2f", buildSeconds)) s")

// Warm up caches and the allocator.
for query in queries.prefix(200) { _ = engine.nearestFacilities(FacilityQuery(location: query, at: noon)) }

let facilityTimes = measure(queries) { query, i in
    _ = engine.nearestFacilities(FacilityQuery(
        location: query, at: noon, limit: 10, kinds: i % 2 == 0 ? nil : [.crisisStabilization, .emergencyDepartment],
        age: 30, policeTransport: i % 3 == 0, services: [.mentalHealth]))
}
// No query filters (the open-now and bed rules still apply): the closest question to
// PostGIS's plain `ORDER BY geom <-> q LIMIT k`.
let plainTimes = measure(queries) { query, _ in
    _ = engine.nearestFacilities(FacilityQuery(location: query, at: noon, limit: 10))
}
let teamTimes = measure(queries) { query, i in
    _ = engine.nearestTeams(TeamQuery(location: query, at: noon, limit: 10, needs: i % 5 == 0 ? ["spanish"] : []))
}
func report(_ name: String, _ times: [Double]) -> [String: Double] {
    let result = ["median_us": percentile(times, 0.5), "p99_us": percentile(times, 0.99), "max_us": times.last ?? 0]
    log("\(name): median \(String(format: "%.1f", result["median_us"]!)) µs, p99 \(String(format: "%.1f", result["p99_us"]!)) µs over \(times.count) queries")
    return result
}
let facilityReport = report("nearest-facility (filters, k=10) over \(facilities.count)", facilityTimes)
let plainReport = report("nearest-facility, no query filters, k=10, over \(facilities.count)", plainTimes)
let teamReport = report("nearest-team (k=10) over \(teams.count)", teamTimes)

// Updates through the store and the engine while another thread queries.
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crisismap-bench-\(UUID())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let store = try SpatiaLiteStore(path: directory.appendingPathComponent("bench.sqlite").path, mode: .createIfMissing)
clock = Date()
_ = try await store.teams.upsert(teams)
log("loaded \(teams.count) teams into SpatiaLite in \(String(format: "%.2f", Date().timeIntervalSince(clock))) s")
let live = LiveDispatch(engine: engine, store: store)

final class QueryLoad: @unchecked Sendable {
    // Written only by the query thread until `stop` is set, then read once by the main task after join.
    var times: [Double] = []
    let stop = Atomic(false)
}
let load = QueryLoad()
let queryThread = Thread {
    var i = 0
    while !load.stop.load(ordering: .relaxed) {
        let query = queries[i % queries.count]
        let start = DispatchTime.now().uptimeNanoseconds
        _ = engine.nearestTeams(TeamQuery(location: query, at: noon.addingTimeInterval(updateSeconds), limit: 10))
        load.times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000)
        i += 1
    }
}
queryThread.start()

var generator = SystemRandomNumberGenerator()
let batchSize = 1_000
let tick = 0.050
var sent = 0
var applied = 0
var busy = 0.0   // seconds spent inside updatePositions: how much of the writer the feed uses
let started = Date()
var nextTick = started
while Date().timeIntervalSince(started) < updateSeconds {
    let elapsed = Date().timeIntervalSince(started)
    let batch = (0..<batchSize).map { _ -> PositionUpdate in
        let team = teams[Int.random(in: 0..<teams.count, using: &generator)]
        return PositionUpdate(
            teamID: team.id,
            location: Coordinate(uncheckedLatitude: team.location.latitude + Double.random(in: -0.001...0.001, using: &generator),
                                 longitude: team.location.longitude + Double.random(in: -0.001...0.001, using: &generator)),
            fixAt: noon.addingTimeInterval(elapsed))
    }
    let batchStart = Date()
    applied += try await live.updatePositions(batch).filter { $0 == .applied }.count
    busy += Date().timeIntervalSince(batchStart)
    sent += batchSize
    nextTick += tick
    let wait = nextTick.timeIntervalSinceNow
    if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
}
let updateElapsed = Date().timeIntervalSince(started)
load.stop.store(true, ordering: .relaxed)
while !queryThread.isFinished { try await Task.sleep(nanoseconds: 1_000_000) }
let underLoad = load.times.sorted()
let updateRate = Double(sent) / updateElapsed
log(String(format: "updates: %.0f/s sustained for %.0f s (%d sent, %d applied); writer busy %.0f%% of the time, so capacity ~%.0f/s",
           updateRate, updateElapsed, sent, applied, 100 * busy / updateElapsed, Double(sent) / busy))
let loadReport = report("nearest-team during updates", underLoad)

let output: [String: Any] = [
    "facilities": facilities.count, "teams": teams.count, "queries": queries.count,
    "build_seconds": buildSeconds,
    "nearest_facility": facilityReport, "nearest_facility_plain": plainReport, "nearest_team": teamReport,
    "updates_per_second": updateRate, "update_seconds": updateElapsed, "updates_applied": applied,
    "update_writer_busy_share": busy / updateElapsed,
    "nearest_team_under_updates": loadReport,
]
try JSONSerialization.data(withJSONObject: output, options: [.prettyPrinted, .sortedKeys])
    .write(to: URL(fileURLWithPath: arguments[4]))
