import Foundation
import Testing

/// Runs the real `crisismap` binary, as a user or a script would.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var terminatedBySignal: Bool
}

enum CLI {
    /// The binary SwiftPM built beside this test bundle (or $CRISISMAP_BIN).
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["CRISISMAP_BIN"] { return URL(fileURLWithPath: path) }
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder.deleteLastPathComponent()
        }
        let bundleFolder = Bundle.main.bundleURL.deletingLastPathComponent()
        let beside = bundleFolder.appendingPathComponent("crisismap")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return folder.appendingPathComponent(".build/debug/crisismap")
    }()

    static func start(_ arguments: [String], in directory: URL) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CRISISMAP_DB")
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: URL) throws -> CLIResult {
        let (process, out, err) = try start(arguments, in: directory)
        // Read before waiting so a large output cannot fill the pipe and stall the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self),
                         terminatedBySignal: process.terminationReason == .uncaughtSignal)
    }
}

/// A temporary folder with a fresh store, removed when the test ends.
final class Workspace {
    let directory: URL
    let db: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("crisismap-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        db = directory.appendingPathComponent("store.sqlite").path
        let result = try CLI.run(["init", "--db", db], in: directory)
        #expect(result.status == 0, "init failed: \(result.stderr)")
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @discardableResult
    func run(_ arguments: String...) throws -> CLIResult {
        try CLI.run(arguments + ["--db", db], in: directory)
    }

    func runArguments(_ arguments: [String]) throws -> CLIResult {
        try CLI.run(arguments, in: directory)
    }

    /// Every kind exported as CSV: what "the store is unchanged" is checked against.
    func snapshot() throws -> String {
        try ["facilities", "teams", "calls", "areas"].map { kind in
            let result = try run("export", kind, "--format", "csv")
            #expect(result.status == 0, "export \(kind) failed: \(result.stderr)")
            return result.stdout
        }.joined(separator: "\n---\n")
    }
}

/// Small valid fixtures, one file per kind.
enum Fixture {
    static let callsHeader = "id,received_at,category,priority,disposition,team_id,facility_id,lat,lon\n"
    static let calls = callsHeader + """
        C1,2026-11-22T14:00:00-07:00,psychiatric,2,referred,T1,,39.7392,-104.9903
        C2,2026-11-22T15:30:00-07:00,overdose,1,transported_facility,T2,F1,39.7500,-104.9800
        C3,2026-11-22T16:45:00-07:00,welfare_check,3,,,,39.7000,-105.0100

        """

    static func teamFeature(_ id: String, status: String = "available", extra: String = "") -> String {
        #"{"type":"Feature","geometry":{"type":"Point","coordinates":[-104.99,39.74]},"properties":{"id":"\#(id)","call_sign":"MCT-\#(id)","model":"mobile_crisis","status":"\#(status)","fix_at":"2026-11-22T14:00:00-07:00","skills":["spanish","youth"],"agency":"Denver Health"\#(extra)}}"#
    }

    static let teams = collection([teamFeature("T1"), teamFeature("T2", status: "on_scene")])

    static let facilities = collection([
        #"{"type":"Feature","geometry":{"type":"Point","coordinates":[-104.98,39.75]},"properties":{"id":"F1","name":"Crisis Center","kind":"crisis_stabilization","address":"1 Main St","phone":"303-555-0100","accepts":["law_enforcement_dropoff","walk_in","no_refusal"],"age_min":18,"age_max":120,"services":["mental_health","co_occurring"],"languages":["en","es"],"payers":["medicaid"],"timezone":"America/Denver","hours":"24/7","beds_total":16,"beds_available":3,"availability_updated_at":"2026-11-22T13:30:00-07:00","npi":"1234567890"}}"#,
        #"{"type":"Feature","geometry":{"type":"Point","coordinates":[-105.01,39.72]},"properties":{"id":"F2","name":"Clinic","kind":"outpatient","timezone":"America/Denver","hours":"Mo-Fr 08:00-17:00"}}"#,
    ])

    static func square(_ west: Double, _ south: Double, _ size: Double = 0.01) -> String {
        "[[[\(west),\(south)],[\(west + size),\(south)],[\(west + size),\(south + size)],[\(west),\(south + size)],[\(west),\(south)]]]"
    }

    static let areas = collection([
        #"{"type":"Feature","geometry":{"type":"Polygon","coordinates":\#(square(-105, 39.7))},"properties":{"id":"A1","name":"Downtown","kind":"neighborhood","population":12000}}"#,
        #"{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[\#(square(-104.9, 39.7)),\#(square(-104.8, 39.7))]},"properties":{"id":"A2","name":"Split","population":800}}"#,
    ])

    static func collection(_ features: [String]) -> String {
        "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n"
    }

    /// A store holding one valid file of every kind.
    static func seeded() throws -> Workspace {
        let workspace = try Workspace()
        for (kind, name, text) in [("facilities", "f.geojson", facilities), ("teams", "t.geojson", teams),
                                   ("calls", "c.csv", calls), ("areas", "a.geojson", areas)] {
            let result = try workspace.run("import", kind, try workspace.write(name, text))
            #expect(result.status == 0, "seeding \(kind): \(result.stderr)")
        }
        return workspace
    }
}
