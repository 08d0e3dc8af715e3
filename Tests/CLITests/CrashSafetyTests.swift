import Foundation
import Testing
import TestSupport

/// An import killed with SIGKILL part-way leaves the store as it was before.
@Suite struct CrashSafetyTests {
    enum Attempt { case killed, finishedFirst }

    /// A calls CSV of `rows` valid rows with fresh ids.
    static func bigCalls(rows: Int) -> String {
        var csv = Fixture.callsHeader
        csv.reserveCapacity(rows * 56)
        for i in 0..<rows {
            csv += "K\(i),2026-06-01T12:00:00Z,other,3,,,,39.\(10_000 + i % 9_973),-105.\(10_000 + i % 8_191)\n"
        }
        return csv
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Seeds three calls, starts a big import, kills it once it is writing
    /// the uncommitted transaction into the write-ahead log, and checks the store.
    func killOneImport(rows: Int) throws -> Attempt {
        try Workspace.with { workspace in
            try workspace.importText("calls", "seed.csv", Fixture.calls)
            let before = try workspace.export("calls")
            let path = try workspace.write("big.csv", Self.bigCalls(rows: rows))
            let wal = workspace.db + "-wal"
            let walAtStart = Self.size(wal)

            let process = try CLI.start(["import", "calls", path, "--db", workspace.db], in: workspace.directory,
                                        stdout: .discard, stderr: .discard)
            let started = Date()
            // Pages of the open transaction reach the log once the import is well
            // into writing; a slow machine that has not got there after 60 s is
            // killed anyway (the import is running, which is what matters).
            while process.isRunning, Self.size(wal) < walAtStart + 1_000_000, Date().timeIntervalSince(started) < 60 {
                Thread.sleep(forTimeInterval: 0.005)
            }
            guard process.isRunning else {
                process.wait()
                return .finishedFirst
            }
            kill(process.pid, SIGKILL)
            let ended = process.wait()
            guard ended.bySignal else { return .finishedFirst }
            #expect(ended.status == SIGKILL)

            let after = try workspace.run("export", "calls", "--format", "csv")
            #expect(after.status == 0, "export after the kill: \(after.stderr)")
            #expect(after.stdout == before, "the killed import left rows behind:\n\(after.stdout.prefix(2_000))")
            #expect(after.stdout.split(separator: "\n").count == 4, "expected the header and the 3 seeded calls")
            // The recovered store takes writes and knows its ids.
            let again = try workspace.run("import", "calls", try workspace.write("again.csv", Fixture.calls))
            #expect(again.status == 0 && again.stdout.contains(": 0 new, 3 updated"), "\(again.stdout)\(again.stderr)")
            return .killed
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func killingAnImportLeavesOnlyTheSeededCalls() throws {
        var rows = 400_000
        for _ in 1...3 {
            if try killOneImport(rows: rows) == .killed { return }
            rows *= 2   // a fast machine finished first: give it more to do
        }
        Issue.record("the import always finished before it could be killed (last try: \(rows / 2) rows)")
    }
}
