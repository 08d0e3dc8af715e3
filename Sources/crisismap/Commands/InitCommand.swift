import ArgumentParser
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
            
            """
    )

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let opened = try await store.open(mode: .createIfMissing)
        let steps = try await opened.appliedMigrations()
        print("store ready: \(opened.location) (schema: \(steps.joined(separator: ", ")))")
    }
}
