import Foundation
import Testing

/// Mistakes in the command line exit 1 with a message; --help teaches.
@Suite struct UsageTests {
    static let mistakes: [[String]] = [
        ["import", "nonsense", "c.csv"],                          // unknown kind
        ["import", "calls"],                                      // missing file argument
        ["import"],                                               // missing kind and file
        ["import", "calls", "c.csv", "--frobnicate"],             // unknown flag
        ["export", "calls", "--frobnicate"],
        ["export", "calls", "--format", "xml"],                   // bad flag value
        ["import", "calls", "c.csv", "--format", "xml"],
        ["import", "calls", "c.csv", "--crs"],                    // flag without its value
        ["import", "facilities", "c.csv", "--timezone", "Mountain Time"],
        ["frobnicate"],                                           // unknown subcommand
        ["nearest-team", "--lat", "91", "--lon", "0"],
        ["nearest-facility", "--lat", "39", "--lon", "-105", "--kind", "spa"],
        ["nearest-team", "--lat", "39", "--lon", "-105", "--db-connections", "0"],
    ]

    @Test(arguments: mistakes)
    func exitsOneAndChangesNothing(_ arguments: [String]) throws {
        try Workspace.with(seeded: true) { workspace in
            try workspace.write("c.csv", Fixture.calls)
            let result = try workspace.runArguments(arguments + ["--db", workspace.db])
            #expect(result.status == 1, "\(arguments): exit \(result.status) \(result.stderr)")
            #expect(!result.stderr.isEmpty)
            #expect(result.stdout.isEmpty, "\(result.stdout)")
            #expect(try workspace.export("calls") == SeededStore.export("calls"))
        }
    }

    @Test func helpNamesEverySubcommand() throws {
        try Workspace.with { workspace in
            let result = try workspace.runArguments(["--help"])
            #expect(result.status == 0, "\(result.stderr)")
            for command in ["init", "import", "export", "nearest-team", "nearest-facility", "demo"] {
                #expect(result.stdout.contains(command), "\(command) missing from --help")
            }
        }
    }

    @Test(arguments: [("import", ["--crs", "--x-column", "--y-column", "--format", "--json", "--db"]),
                      ("export", ["--format", "--out", "--db"]),
                      ("init", ["--db"])])
    func subcommandHelp(_ command: String, mentions options: [String]) throws {
        try Workspace.with { workspace in
            let result = try workspace.runArguments([command, "--help"])
            #expect(result.status == 0, "\(result.stderr)")
            for option in options {
                #expect(result.stdout.contains(option), "\(option) missing from \(command) --help")
            }
        }
    }
}
