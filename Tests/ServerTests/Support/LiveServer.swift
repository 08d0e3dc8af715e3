import Foundation
import Testing
import TestSupport

/// The real `crisismap serve` on a free loopback port, over a fresh store
/// holding `ServerFixture`'s records and one key per role.
final class LiveServer {
    let directory: URL
    let db: String
    let client: HTTPClient
    /// Secrets by name: the six roles, plus `facilityF1` (bound to F1) and `deviceT1` (bound to T1).
    let keys: [String: String]
    /// Key ids by the same names.
    let keyIDs: [String: String]
    private let process: ChildProcess

    static var binary: URL { TestPaths.crisismap }

    /// A server over a new store: a SpatiaLite file in a temporary folder,
    /// or the PostGIS database `database` names (a fresh one).
    /// `extra`: more files to import first, as (kind, file name, text), e.g. areas and past calls for planner products.
    convenience init(serveArguments: [String] = [], database: String? = nil, extra: [(String, String, String)] = []) throws {
        let directory = try TemporaryFolder.make("server")
        let db = database ?? directory.appendingPathComponent("store.sqlite").path
        let (keys, ids) = try Self.prepare(db: db, in: directory)
        for (kind, name, text) in extra {
            let path = directory.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try Self.run(["import", kind, path, "--db", db], in: directory)
        }
        try self.init(directory: directory, db: db, keys: keys, keyIDs: ids, serveArguments: serveArguments)
    }

    /// A second server on the same store as `other` (PostGIS: several servers, one database).
    convenience init(sharing other: LiveServer, serveArguments: [String] = []) throws {
        let directory = try TemporaryFolder.make("server")
        try self.init(directory: directory, db: other.db, keys: other.keys, keyIDs: other.keyIDs, serveArguments: serveArguments)
    }

    /// Creates the store, imports the fixture and makes one key per role.
    private static func prepare(db: String, in directory: URL) throws -> (keys: [String: String], ids: [String: String]) {
        try Self.run(["init", "--db", db], in: directory)
        for (kind, text) in ServerFixture.files {
            let path = directory.appendingPathComponent("\(kind).geojson").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try Self.run(["import", kind, path, "--db", db], in: directory)
        }
        var keys: [String: String] = [:]
        var ids: [String: String] = [:]
        let specs: [(String, [String])] = ["admin", "dispatcher", "clinician", "planner", "device", "facility"].map { role in
            (role, role == "facility" ? ["--role", role, "--facility", "F2"] : role == "device" ? ["--role", role, "--all-teams"] : ["--role", role])
        } + [("facilityF1", ["--role", "facility", "--facility", "F1"]), ("deviceT1", ["--role", "device", "--team", "T1"])]
        for (name, arguments) in specs {
            let output = try Self.run(["keys", "create", "--name", name, "--json", "--db", db] + arguments, in: directory)
            let created = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
            keys[name] = created?["secret"] as? String
            ids[name] = created?["id"] as? String
        }
        return (keys, ids)
    }

    private init(directory: URL, db: String, keys: [String: String], keyIDs: [String: String], serveArguments: [String]) throws {
        self.directory = directory
        self.db = db
        self.keys = keys
        self.keyIDs = keyIDs
        process = try ChildProcess(Self.binary.path, ["serve", "--port", "0", "--db", db] + serveArguments,
                                   directory: directory.path)
        let line = try Self.readLine(process.standardOutput!, timeout: 60)
        guard let range = line.range(of: "http://127.0.0.1:"), let port = Int(line[range.upperBound...].prefix { $0.isNumber }) else {
            process.signal(SIGTERM)
            throw HTTPClientError(description: "server did not say where it listens: \(line)")
        }
        client = HTTPClient(port: port)
    }

    deinit {
        process.signal(SIGKILL)
        process.wait()
        try? FileManager.default.removeItem(at: directory)
    }

    func send(_ method: String, _ path: String, as name: String? = nil, body: String? = nil) throws -> HTTPAnswer {
        try client.send(method, path, key: name.map { keys[$0]! }, body: body)
    }

    var pid: Int32 { process.pid }

    /// What the server wrote to standard error; read once it has exited.
    func errorOutput() -> String {
        String(decoding: process.standardError!.readDataToEndOfFile(), as: UTF8.self)
    }

    /// SIGTERM, then the exit status (nil if it had not exited within `timeout`).
    func terminate(timeout: TimeInterval = 15) -> Int32? {
        process.signal(SIGTERM)
        return waitForExit(timeout: timeout)
    }

    /// The exit status once the server has exited (nil if it had not within `timeout`).
    func waitForExit(timeout: TimeInterval = 15) -> Int32? {
        process.wait(timeout: timeout)?.status
    }

    /// The store-side CLI, run against the same store while the server is up.
    func cli(_ arguments: String...) throws -> String {
        try Self.run(arguments + ["--db", db], in: directory)
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: URL) throws -> String {
        do {
            return try ChildProcess.output(binary.path, arguments, directory: directory.path)
        } catch let failure as ChildProcess.Failed {
            throw HTTPClientError(description: failure.description)
        }
    }

    private static func readLine(_ handle: FileHandle, timeout: TimeInterval) throws -> String {
        var collected = Data()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            collected += chunk
            if collected.contains(UInt8(ascii: "\n")) { break }
        }
        return String(decoding: collected, as: UTF8.self)
    }
}

/// A small world: three facilities, three teams, two calls near Denver.
enum ServerFixture {
    static func point(_ lon: Double, _ lat: Double) -> String { #"{"type":"Point","coordinates":[\#(lon),\#(lat)]}"# }
    static func feature(_ lon: Double, _ lat: Double, _ properties: String) -> String {
        #"{"type":"Feature","geometry":\#(point(lon, lat)),"properties":{\#(properties)}}"#
    }
    static func collection(_ features: [String]) -> String {
        #"{"type":"FeatureCollection","features":[\#(features.joined(separator: ","))]}"#
    }

    /// Fresh for the length of a test (five minutes old when the server starts).
    static var freshFix: String { TestClock.freshFix }

    static var files: [(String, String)] { [
        ("facilities", collection([
            feature(-104.98, 39.75, #""id":"F1","name":"Crisis Center","kind":"crisis_stabilization","accepts":["law_enforcement_dropoff","no_refusal"],"services":["mental_health","substance_use"],"timezone":"America/Denver","hours":"24/7","beds_total":16,"beds_available":3,"availability_updated_at":"2026-11-22T13:30:00Z""#),
            feature(-105.01, 39.72, #""id":"F2","name":"Clinic","kind":"outpatient","timezone":"America/Denver""#),
            feature(-104.90, 39.70, #""id":"F3","name":"Emergency","kind":"emergency_department","timezone":"America/Denver""#),
        ])),
        ("teams", collection([
            feature(-104.99, 39.74, #""id":"T1","call_sign":"MCT-1","model":"mobile_crisis","status":"available","fix_at":"2026-11-22T14:00:00Z","skills":["spanish"]"#),
            feature(-104.95, 39.76, #""id":"T2","call_sign":"CR-2","model":"co_responder_ride_along","status":"available","fix_at":"\#(freshFix)""#),
            feature(-105.05, 39.70, #""id":"T3","call_sign":"CIT-3","model":"cit_officer","status":"on_scene","fix_at":"\#(freshFix)""#),
        ])),
        ("calls", collection([
            feature(-104.99, 39.74, #""id":"C1","received_at":"2026-11-22T14:00:00Z","category":"psychiatric""#),
            feature(-104.97, 39.73, #""id":"C2","received_at":"2026-11-22T15:00:00Z","category":"overdose""#),
        ])),
    ] }
}
