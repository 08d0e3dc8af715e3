import Analytics
import ArgumentParser
import Foundation
import Reports
import Store

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty store (schema, spatial metadata, spatial indexes).",
        discussion: """
            Safe to run on an existing store: it only applies schema steps the store lacks. \
            Refuses files (and databases) that are not crisismap stores, and never changes them.

            Examples:
              crisismap init --db county.sqlite
              crisismap init --db postgresql://crisismap@db.example.org:5432/crisismap
              crisismap init --timezone America/Denver --epsilon 4

            Also makes the store's privacy secret (32 bytes from the system's secure generator) that fixes \
            the noise of its private releases. --timezone and --epsilon can be set only until the first \
            release; `crisismap privacy` shows them.
            
            """
    )

    @Option(help: ArgumentHelp("IANA zone whose calendar months the releases follow (default: the zone most facilities use).", valueName: "zone"))
    var timezone: String?

    @Option(help: ArgumentHelp("One call's total privacy loss over every planner product (default 8).", valueName: "epsilon"))
    var epsilon: Double?

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let timezone, TimeZone(identifier: timezone) == nil { throw ValidationError("--timezone: unknown IANA time zone '\(timezone)' (e.g. America/Denver)") }
        if let epsilon, !(0.1...50).contains(epsilon) { throw ValidationError("--epsilon must be between 0.1 and 50") }
    }

    func run() async throws {
        let opened = try await store.open(mode: .createIfMissing)
        let steps = try await opened.appliedMigrations()
        let settings = try await ReleaseService.settings(of: opened, epsilon: epsilon, timeZone: timezone)
        let released = try await opened.releases.releases()
        if let epsilon, epsilon != settings.epsilon {
            throw CommandFailure.usage("this store's epsilon is \(settings.epsilon) and cannot change (its secret and budget are fixed once made)")
        }
        if let timezone, timezone != settings.timeZone {
            guard released.isEmpty else {
                throw CommandFailure.usage("this store's releases follow \(settings.timeZone ?? "another zone"); the zone cannot change after the first release")
            }
            try await opened.releases.updatePrivacySettings(timeZone: timezone, grid: settings.grid)
        }
        print("store ready: \(opened.location) (schema: \(steps.joined(separator: ", ")))")
    }
}
