import ArgumentParser
import Foundation
import Interchange
import Store

@main
struct CrisisMap: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crisismap",
        abstract: "Find the team and facility for a behavioral-health crisis call, and map where help is missing.",
        discussion: """
            Data lives in one SpatiaLite file (--db, default $CRISISMAP_DB or ./crisismap.sqlite).

            Getting started:
              crisismap init
              crisismap import areas GeoData/areas.geojson
              crisismap import facilities GeoData/facilities.geojson
              crisismap import teams GeoData/teams.geojson
              crisismap import calls GeoData/calls.csv
              crisismap demo            (does all of the above in a fresh file)

            Exit status: 0 success, 1 usage error, 65 bad input data (the message names file, line and field).
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, ImportCommand.self, ExportCommand.self,
            NearestTeamCommand.self, NearestFacilityCommand.self, HeatmapCommand.self, UnderservedCommand.self, SuggestSitesCommand.self, RouteCommand.self, CoverageCommand.self, ServeCommand.self, KeysCommand.self,
            ReleaseCommand.self, ReleasesCommand.self, PrivacyCommand.self, AuditCommand.self, CheckCommand.self, CopyCommand.self, DemoCommand.self,
        ]
    )

    /// Runs the command and maps every failure to DESIGN.md's exit codes:
    /// 1 for usage errors, 65 (EX_DATAERR) for bad input data.
    static func main() async {
        // Stores (with their -wal and -shm), exports, maps and key files hold
        // calls, keys and audit rows: whatever this process creates is for
        // its user alone (0600 files, 0700 folders), whatever the shell's umask.
        umask(0o077)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ImportError {
            fail(error.description, code: ExitCode.dataError)
        } catch let error as StoreError {
            switch error {
            case .missing: fail(error.description, code: .usageError)
            case .notAStore, .newerVersion, .schemaMismatch, .invalidRecord: fail(error.description, code: .dataError)
            case .database, .unavailable: fail(error.description, code: .failure)
            }
        } catch let error as CommandFailure {
            fail(error.message, code: error.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code == .failure || code == .validationFailure {
                // --help, --version and argument errors keep ArgumentParser's text;
                // argument errors exit 1 as DESIGN.md promises, not 64.
                let message = fullMessage(for: error)
                if code == .success {
                    print(message)
                    Foundation.exit(0)
                }
                fail(message, code: .usageError)
            }
            exit(withError: error)
        }
    }

    private static func fail(_ message: String, code: ExitCode) -> Never {
        Terminal.standardError.writeLine("crisismap: \(message)")
        Foundation.exit(code.rawValue)
    }
}

extension ExitCode {
    static let usageError = ExitCode(1)
    static let dataError = ExitCode(65)
}

/// A failure a command reports with its own message and exit code.
struct CommandFailure: Error {
    var message: String
    var code: ExitCode

    static func usage(_ message: String) -> CommandFailure { CommandFailure(message: message, code: .usageError) }
    static func data(_ message: String) -> CommandFailure { CommandFailure(message: message, code: .dataError) }
}
