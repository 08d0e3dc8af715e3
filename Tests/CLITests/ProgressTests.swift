import Foundation
import Testing

/// Long imports show progress on a terminal and stay quiet in pipes.
@Suite struct ProgressTests {
    static func bigCSV(rows: Int) -> String {
        var csv = Fixture.callsHeader
        for i in 0..<rows {
            csv += "P\(i),2026-06-01T12:00:00Z,other,3,,,,\(39.5 + Double(i % 1000) / 2000),\(-105.2 + Double(i / 1000) / 2000)\n"
        }
        return csv
    }

    @Test func aTerminalSeesRowsRateAndTimeLeft() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("/usr/bin/script (util-linux) is needed to give the import a terminal")
            return
        }
        try Workspace.with { workspace in
            let path = try workspace.write("big.csv", Self.bigCSV(rows: 300_000))
            // `script` runs the import on a pseudo-terminal, as a person at a console would.
            let command = "'\(CLI.binary.path)' import calls '\(path)' --db '\(workspace.db)'"
            let (status, text) = try CLI.runOnTerminal(command)
            #expect(status == 0)
            #expect(text.contains("rows/s"), "no rate in: \(text.suffix(400))")
            #expect(text.contains(" left"), "no time left in: \(text.suffix(400))")
            #expect(text.contains("building the spatial index"))
            #expect(text.contains("imported 300,000 calls"))
        }
    }

    @Test func pipesAndLogsStayQuiet() throws {
        try Workspace.with { workspace in
            let path = try workspace.write("big.csv", Self.bigCSV(rows: 60_000))
            let result = try workspace.run("import", "calls", path)
            #expect(result.status == 0)
            #expect(result.stderr.isEmpty, "progress leaked into a pipe: \(result.stderr.prefix(200))")
        }
    }
}
