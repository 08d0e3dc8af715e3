import ArgumentParser
import Store

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty store (schema, spatial metadata, spatial indexes).",
        discussion: """
            Safe to run on an existing store: it only applies schema steps the file lacks. \
            Refuses files that are not crisismap stores, and never changes them.
            """
    )

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let opened = try store.open(mode: .createIfMissing)
        let steps = try opened.appliedMigrations()
        print("store ready: \(opened.location) (schema: \(steps.joined(separator: ", ")))")
    }
}
