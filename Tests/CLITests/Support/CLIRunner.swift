import Foundation
import Testing

// Shared helpers of the end-to-end tests: where the binary is, how it is run,
// throw-away folders with a store in them, the fixture files, and the check
// every refused import goes through.

/// What one run of the binary did.
struct CLIResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
    var terminatedBySignal: Bool
    var timedOut: Bool
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
}

enum CLI {
    /// The folder holding Package.swift, found by walking up from this file.
    static let packageRoot: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `$CRISISMAP_BIN`, else the debug build SwiftPM makes before running the tests.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["CRISISMAP_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.appendingPathComponent(".build/debug/crisismap")
    }()

    /// Starts the binary with no standard input and without `$CRISISMAP_DB`.
    static func start(_ arguments: [String], in directory: URL, stdout: Any, stderr: Any,
                      onExit: (@Sendable (Process) -> Void)? = nil) throws -> Process {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw CLIError(description: "no crisismap binary at \(binary.path): run `swift build` or set CRISISMAP_BIN")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CRISISMAP_DB")
        process.environment = environment
        process.terminationHandler = onExit
        try process.run()
        return process
    }

    /// Runs to completion; a run longer than `timeout` is killed and reported.
    /// Runs a shell command line on a pseudo-terminal (`script`), as a person
    /// at a console would, and returns its exit status and everything it showed.
    static func runOnTerminal(_ command: String) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    static func run(_ arguments: [String], in directory: URL, timeout: TimeInterval = 120) throws -> CLIResult {
        let out = Pipe()
        let err = Pipe()
        // A termination handler, not waitUntilExit(), which polls every 50 ms on Linux.
        let exited = DispatchSemaphore(value: 0)
        let process = try start(arguments, in: directory, stdout: out, stderr: err) { _ in exited.signal() }
        // Both pipes are drained at once, so neither can fill up and stall the child.
        let output = Collected()
        let errors = Collected()
        let readers = DispatchGroup()
        for (handle, box) in [(out.fileHandleForReading, output), (err.fileHandleForReading, errors)] {
            readers.enter()
            DispatchQueue.global().async {
                box.set(handle.readDataToEndOfFile())
                readers.leave()
            }
        }
        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        }
        readers.wait()
        #expect(!timedOut, "crisismap \(arguments.joined(separator: " ")) ran over \(Int(timeout)) s and was killed")
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: output.get(), as: UTF8.self),
                         stderr: String(decoding: errors.get(), as: UTF8.self),
                         terminatedBySignal: process.terminationReason == .uncaughtSignal, timedOut: timedOut)
    }
}

/// Bytes a background reader hands back.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}

/// A fresh temporary folder holding a store (`store.sqlite`), removed when the test ends.
final class Workspace {
    let directory: URL
    let db: String

    private init(seeded: Bool) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("crisismap-cli-\(UUID().uuidString)")
        db = directory.appendingPathComponent("store.sqlite").path
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            if seeded {
                try SeededStore.copy(into: directory)
            } else {
                let result = try CLI.run(["init", "--db", db], in: directory)
                guard result.status == 0 else { throw CLIError(description: "init failed: \(result.stderr)") }
            }
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Runs `body` in a new workspace: an empty store, or (`seeded`) one holding
    /// `Fixture.facilities`, `teams`, `calls` and `areas`.
    static func with<T>(seeded: Bool = false, _ body: (Workspace) throws -> T) throws -> T {
        let workspace = try Workspace(seeded: seeded)
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        return try body(workspace)
    }

    /// `with` for tests that also read the store through its async API.
    static func withAsync<T>(seeded: Bool = false, _ body: (Workspace) async throws -> T) async throws -> T {
        let workspace = try Workspace(seeded: seeded)
        defer { try? FileManager.default.removeItem(at: workspace.directory) }
        return try await body(workspace)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Data(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: Data) throws -> String {
        try bytes.write(to: directory.appendingPathComponent(name))
        return path(name)
    }

    /// Runs the binary with `--db` pointing at this workspace's store.
    @discardableResult
    func run(_ arguments: String...) throws -> CLIResult {
        try CLI.run(arguments + ["--db", db], in: directory)
    }

    /// Runs the binary with exactly these arguments.
    @discardableResult
    func runArguments(_ arguments: [String]) throws -> CLIResult {
        try CLI.run(arguments, in: directory)
    }

    /// Imports `text` as `name` and requires success.
    @discardableResult
    func importText(_ kind: String, _ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let result = try run("import", kind, try write(name, text))
        try #require(result.status == 0, "import \(kind) \(name): \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    /// One kind exported to stdout; the export must succeed.
    func export(_ kind: String, _ format: String = "csv", sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run("export", kind, "--format", format)
        try #require(result.status == 0, "export \(kind) --format \(format): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Every kind exported as CSV: what "the store is unchanged" is checked against.
    func snapshot(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try Fixture.kinds.map { "# \($0)\n" + (try export($0, sourceLocation: sourceLocation)) }.joined(separator: "\n")
    }
}

/// The seeded store is built once per test run and copied into each workspace
/// that asks for it; its exports are taken once.
enum SeededStore {
    private static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crisismap-cli-seed-\(UUID().uuidString)")

    /// The seeded store's CSV export of each kind, once the store is built.
    private static let exports: Result<[String: String], any Error> = Result {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: SeededStore.folder) }
        let db = folder.appendingPathComponent("store.sqlite").path
        func must(_ arguments: [String]) throws -> String {
            let result = try CLI.run(arguments + ["--db", db], in: folder)
            guard result.status == 0 else { throw CLIError(description: "seeding: \(arguments): \(result.stderr)") }
            return result.stdout
        }
        _ = try must(["init"])
        for (kind, text) in Fixture.seedFiles {
            let file = folder.appendingPathComponent("seed-\(kind).\(text.hasPrefix("{") ? "geojson" : "csv")")
            try Data(text.utf8).write(to: file)
            _ = try must(["import", kind, file.path])
        }
        var exports: [String: String] = [:]
        for kind in Fixture.kinds { exports[kind] = try must(["export", kind, "--format", "csv"]) }
        return exports
    }

    /// The seeded store's CSV export of one kind.
    static func export(_ kind: String) throws -> String {
        try exports.get()[kind] ?? ""
    }

    /// Every kind, as `Workspace.snapshot()` gives it.
    static var snapshot: String {
        get throws { try Fixture.kinds.map { "# \($0)\n" + (try export($0)) }.joined(separator: "\n") }
    }

    static func copy(into directory: URL) throws {
        _ = try exports.get()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix("store.sqlite") {
            try FileManager.default.copyItem(at: folder.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
    }
}

/// An input the importer must refuse.
struct RefusedInput: CustomTestStringConvertible, Sendable {
    var name: String
    var kind: String
    var file: String
    var bytes: Data
    /// `line 3`, `feature 1`, `line 2, column 19`; nil for file-level problems.
    var location: String?
    /// The field the message must name; nil when it names none.
    var field: String?
    /// Pieces the rest of the message must contain.
    var message: [String]
    var arguments: [String] = []

    init(_ name: String, _ kind: String, _ file: String, _ content: String, location: String?, field: String?,
         message: [String], arguments: [String] = []) {
        self.init(name, kind, file, bytes: Data(content.utf8), location: location, field: field, message: message, arguments: arguments)
    }

    init(_ name: String, _ kind: String, _ file: String, bytes: Data, location: String?, field: String?,
         message: [String], arguments: [String] = []) {
        self.name = name
        self.kind = kind
        self.file = file
        self.bytes = bytes
        self.location = location
        self.field = field
        self.message = message
        self.arguments = arguments
    }

    var testDescription: String { name }

    /// `crisismap: FILE: LOCATION: field 'FIELD': `, the start the one-line message must have.
    var expectedPrefix: String {
        (["crisismap: \(file)", location, field.map { "field '\($0)'" }].compactMap { $0 } + [""]).joined(separator: ": ")
    }
}

/// Imports `input` into a seeded store and checks: exit 65, one line on stderr
/// naming file, location and field, nothing on stdout, and the export of the
/// kind it touched exactly as before.
func expectRefused(_ input: RefusedInput) throws {
    try Workspace.with(seeded: true) { workspace in
        let path = try workspace.write(input.file, bytes: input.bytes)
        let result = try workspace.runArguments(["import", input.kind, path, "--db", workspace.db] + input.arguments)
        #expect(result.status == 65, "exit \(result.status), stdout: \(result.stdout), stderr: \(result.stderr)")
        if result.status == 65 {
            #expect(result.stderr.hasSuffix("\n") && result.stderr.filter { $0 == "\n" }.count == 1,
                    "expected exactly one line on stderr, got: \(result.stderr)")
            #expect(result.stderr.hasPrefix(input.expectedPrefix), "expected '\(input.expectedPrefix)…', got: \(result.stderr)")
            let rest = result.stderr.hasPrefix(input.expectedPrefix) ? String(result.stderr.dropFirst(input.expectedPrefix.count)) : result.stderr
            for piece in input.message {
                #expect(rest.contains(piece), "'\(piece)' missing from: \(result.stderr)")
            }
            #expect(result.stdout.isEmpty, "stdout: \(result.stdout)")
        }
        let after = try workspace.export(input.kind)
        #expect(after == (try SeededStore.export(input.kind)), "the store changed after a refused import:\n\(after)")
    }
}

/// Small valid files, every field of every kind used at least once.
enum Fixture {
    static let kinds = ["facilities", "teams", "calls", "areas"]
    static let facilityKinds = ["crisis_stabilization", "behavioral_health_urgent_care", "crisis_residential",
                                "emergency_department", "detox", "sobering_center", "outpatient", "shelter", "peer_respite"]
    static let teamStatuses = ["available", "dispatched", "en_route", "on_scene", "transporting", "out_of_service", "off_duty"]
    static let callCategories = ["suicide_risk", "overdose", "psychiatric", "welfare_check", "substance_use", "disturbance", "other"]

    static let callsHeader = "id,received_at,category,priority,disposition,team_id,facility_id,lat,lon\n"
    static let calls = callsHeader + """
        C1,2026-11-22T14:00:00-07:00,psychiatric,2,referred,T1,F1,39.7392,-104.9903
        C2,2026-11-22T15:30:00.250-07:00,overdose,1,transported_facility,T2,F1,39.75,-104.98
        C3,2026-11-22T16:45:00Z,welfare_check,,,,,39.7,-105.01

        """

    static func point(_ lon: Double, _ lat: Double) -> String {
        #"{"type":"Point","coordinates":[\#(lon),\#(lat)]}"#
    }

    static func feature(_ geometry: String, _ properties: String) -> String {
        #"{"type":"Feature","geometry":\#(geometry),"properties":{\#(properties)}}"#
    }

    static func collection(_ features: [String]) -> String {
        "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n"
    }

    static func teamFeature(_ id: String, status: String = "available", extra: String = "") -> String {
        feature(point(-104.99, 39.74), #""id":"\#(id)","call_sign":"MCT-\#(id)","model":"mobile_crisis","status":"\#(status)","fix_at":"2026-11-22T14:00:00-07:00","skills":["spanish","youth"],"agency":"Denver Health""# + extra)
    }

    /// A valid team with only the required fields.
    static let minimalTeam = #""id":"T10","model":"cit_officer","status":"available","fix_at":"2026-11-22T14:00:00Z""#

    static let teams = collection([teamFeature("T1", extra: #","radio":"7-Adam""#), teamFeature("T2", status: "on_scene")])

    static let facilities = collection([
        feature(point(-104.98, 39.75), #""id":"F1","name":"Crisis Center","kind":"crisis_stabilization","address":"1 Main St","phone":"303-555-0100","accepts":["law_enforcement_dropoff","walk_in","involuntary_hold","no_refusal"],"age_min":18,"age_max":120,"services":["mental_health","substance_use","co_occurring","medical_clearance"],"languages":["en","es"],"payers":["medicaid"],"timezone":"America/Denver","hours":"24/7","beds_total":16,"beds_available":3,"availability_updated_at":"2026-11-22T13:30:00-07:00","npi":"1234567890""#),
        feature(point(-105.01, 39.72), #""id":"F2","name":"Clinic","kind":"outpatient","timezone":"America/Denver","hours":"Mo-Fr 08:00-17:00""#),
        feature(point(-104.82, 38.83), #""id":"F3","name":"Café \"Respite\", Springs\nAnnex ☕","kind":"peer_respite","address":"2 Pikes Peak Ave, Colorado Springs","accepts":["walk_in"],"services":["mental_health"],"languages":["en","es","vi"],"payers":["medicaid","uninsured"],"timezone":"America/Denver","hours":"Mo-Fr 08:00-20:00; Sa 10:00-14:00","beds_total":6,"beds_available":0,"availability_updated_at":"2026-11-22T21:00:00Z""#),
    ])

    static func square(_ west: Double, _ south: Double, _ size: Double = 0.01) -> String {
        "[[[\(west),\(south)],[\(west + size),\(south)],[\(west + size),\(south + size)],[\(west),\(south + size)],[\(west),\(south)]]]"
    }

    static let areas = collection([
        feature(#"{"type":"Polygon","coordinates":[[[-105.0,39.7],[-104.98,39.7],[-104.98,39.72],[-105.0,39.72],[-105.0,39.7]],[[-104.995,39.705],[-104.995,39.71],[-104.99,39.71],[-104.99,39.705],[-104.995,39.705]]]}"#,
                #""id":"A1","name":"Downtown, \"core\"","kind":"neighborhood","population":12000,"fips":"08031""#),
        feature(#"{"type":"MultiPolygon","coordinates":[\#(square(-104.9, 39.7)),\#(square(-104.8, 39.7))]}"#,
                #""id":"A2","name":"Split","population":800"#),
    ])

    /// What a seeded store holds, kind by kind.
    static let seedFiles = [("facilities", facilities), ("teams", teams), ("calls", calls), ("areas", areas)]
}
