import Foundation
import Testing
import TestSupport

/// An import holds a few batches, a few megabytes of the file and a fixed
/// cache, not the file: past the size where those are full, three times the
/// rows costs about the same. (Before streaming, memory grew by about 420
/// bytes a row: 168 MB more for these 400,000 extra rows.)
@Suite(.serialized) struct ImportMemoryTests {
    static func callsCSV(rows: Int) -> String {
        var text = Fixture.callsHeader
        text.reserveCapacity(rows * 64)
        var random = SplitMix64(seed: 11)
        for i in 0..<rows {
            let lat = 39.5 + Double(random.next() % 10_000) / 20_000
            let lon = -105.2 + Double(random.next() % 10_000) / 20_000
            text += "C\(i),2026-11-22T14:00:00Z,other,\(i % 5 + 1),,,,\(lat),\(lon)\n"
        }
        return text
    }

    /// Peak resident memory of `crisismap import calls` of `rows` rows into a fresh store.
    ///
    /// Read from the child's own `VmHWM` while it runs, not from wait4's
    /// ru_maxrss: posix_spawn starts the child in the parent's address space,
    /// and ru_maxrss keeps that (the whole test process) as the child's peak.
    static func peakOfImport(rows: Int) throws -> Int {
        try Workspace.with { workspace in
            let file = try workspace.write("calls.csv", callsCSV(rows: rows))
            let process = try CLI.start(["import", "calls", file, "--db", workspace.db], in: workspace.directory,
                                        stdout: .discard)
            var peak = 0
            while process.isRunning {
                if let hwm = highWaterMark(of: process.pid) { peak = max(peak, hwm) }
                usleep(5_000)
            }
            let result = process.collect(timeout: 300)
            try #require(result.termination == .success, "\(String(decoding: result.stderr, as: UTF8.self))")
            try #require(peak > 0, "no VmHWM read from /proc/\(process.pid)/status")
            return peak
        }
    }

    /// The process's peak resident set (`VmHWM`, reset by exec), in bytes.
    static func highWaterMark(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") else { return nil }
        return kilobytes * 1024
    }

    @Test func threeTimesTheRowsCostsAboutTheSameMemory() throws {
        let small = try Self.peakOfImport(rows: 200_000)
        let large = try Self.peakOfImport(rows: 600_000)
        // What may grow: the repeated-id filter (4 bytes a row) and the
        // R*Tree's upper levels (one entry per 167 rows).
        #expect(large - small < 40 << 20, "peak \(small >> 20) MiB for 200k rows, \(large >> 20) MiB for 600k")
    }
}
