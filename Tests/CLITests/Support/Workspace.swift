import Foundation
import Testing
import TestSupport

/// A fresh temporary folder holding a store (`store.sqlite`), removed when the test ends.
final class Workspace {
    let directory: URL
    let db: String

    private init(seeded: Bool) throws {
        directory = try TemporaryFolder.make("cli")
        db = directory.appendingPathComponent("store.sqlite").path
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
