import Foundation
import Testing
import TestSupport

/// `--db` pointing at the wrong file never alters it; a missing store says how to make one.
@Suite struct StoreProtectionTests {
    enum Impostor: String, CaseIterable, Sendable {
        case randomBytes = "random bytes"
        case sqliteWithOtherTables = "SQLite file of another program"
        case sqliteInWALMode = "SQLite file of another program, WAL mode"
        case otherGRDBApp = "SQLite file of another GRDB program"
        case emptyFile = "empty file"
    }

    /// Writes the impostor file with /usr/bin/python3's sqlite3 module (or the sqlite3 shell).
    static func make(_ impostor: Impostor, at path: String) throws {
        let sql: String
        switch impostor {
        case .randomBytes:
            var generator = SplitMix(seed: 42)
            try Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }).write(to: URL(fileURLWithPath: path))
            return
        case .emptyFile:
            try Data().write(to: URL(fileURLWithPath: path))
            return
        case .sqliteWithOtherTables:
            sql = "CREATE TABLE patients(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO patients(name) VALUES ('Ada');"
        case .sqliteInWALMode:
            sql = "PRAGMA journal_mode=WAL; CREATE TABLE patients(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO patients(name) VALUES ('Ada');"
        case .otherGRDBApp:
            sql = "CREATE TABLE grdb_migrations(identifier TEXT NOT NULL PRIMARY KEY); INSERT INTO grdb_migrations VALUES ('v1'); CREATE TABLE notes(id INTEGER PRIMARY KEY);"
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") {
            try ChildProcess.output("/usr/bin/python3", ["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit(); c.close()", path, sql])
        } else {
            try ChildProcess.output("/usr/bin/sqlite3", [path, sql])
        }
    }

    /// Names in the folder that belong to `name` (the file, or its -wal, -shm, -journal).
    static func siblings(of name: String, in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(name) }.sorted()
    }

    /// Every impostor with every command that opens a store, except `init` on
    /// an empty file, which makes a store of it (see below).
    static let attempts: [(Impostor, String)] = Impostor.allCases.flatMap { impostor in
        ["import", "export", "init"].filter { impostor != .emptyFile || $0 != "init" }.map { (impostor, $0) }
    }

    @Test(arguments: attempts)
    func isRefusedAndLeftByteForByte(_ impostor: Impostor, command: String) throws {
        try Workspace.with { workspace in
            let path = workspace.path("other.db")
            try Self.make(impostor, at: path)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let files = try Self.siblings(of: "other.db", in: workspace.directory)
            let arguments: [String] = switch command {
            case "import": ["import", "calls", try workspace.write("c.csv", Fixture.calls)]
            case "export": ["export", "calls", "--format", "csv"]
            default: ["init"]
            }
            let result = try workspace.runArguments(arguments + ["--db", path])
            #expect(result.status == 65, "exit \(result.status): \(result.stderr)")
            #expect(result.stderr.contains("is not a crisismap store"), "\(result.stderr)")
            #expect(result.stderr.contains("other.db"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "\(impostor.rawValue) was modified by \(command)")
            #expect(try Self.siblings(of: "other.db", in: workspace.directory) == files, "files were left beside it")
        }
    }

    @Test(arguments: [["import", "calls", "c.csv"], ["export", "calls", "--format", "csv"],
                      ["nearest-team", "--lat", "39.74", "--lon", "-104.99"]])
    func aMissingStoreIsAUsageErrorThatSaysHowToCreateOne(_ arguments: [String]) throws {
        try Workspace.with { workspace in
            try workspace.write("c.csv", Fixture.calls)
            let missing = workspace.path("none.sqlite")
            let result = try workspace.runArguments(arguments + ["--db", missing])
            #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
            #expect(result.stderr.contains("crisismap init"), "\(result.stderr)")
            #expect(try Self.siblings(of: "none.sqlite", in: workspace.directory).isEmpty, "a store was created")
        }
    }

    @Test func initMakesAStoreOfAnEmptyFile() throws {
        try Workspace.with { workspace in
            let path = workspace.path("empty.db")
            try Self.make(.emptyFile, at: path)
            let result = try workspace.runArguments(["init", "--db", path])
            #expect(result.status == 0, "\(result.stderr)")
            let export = try workspace.runArguments(["export", "calls", "--format", "csv", "--db", path])
            #expect(export.status == 0 && export.stdout == Fixture.callsHeader, "\(export.stderr)")
        }
    }

    @Test func initIsSafeToRepeat() throws {
        try Workspace.with(seeded: true) { workspace in
            let result = try workspace.run("init")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("store ready: "), "\(result.stdout)")
            #expect(try workspace.snapshot() == SeededStore.snapshot)
        }
    }
}

/// A tiny deterministic generator for the random-bytes file.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
