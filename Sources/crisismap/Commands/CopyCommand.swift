import ArgumentParser
import Foundation
import Store

struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole store into another: a county's file into the state database, or back for a laptop.",
        discussion: """
            Copies facilities, teams, calls, areas, API keys, the audit trail, the road network, the \
            privacy settings and every private release with its counts, in one transaction at the \
            destination: if anything fails (the source, the network, a refused record) the \
            destination is left exactly as it was. Then it compares the row \
            count and a checksum of every table in both stores and fails if any differs.

            The destination is created when missing and must be empty, so that the checksums can \
            prove the copy; --merge adds to a store that already holds data (records with the same \
            id are replaced, audit entries appended, roads replaced, releases already there kept) and \
            checks only that nothing failed. A destination whose releases were made with another \
            privacy secret is refused: releases of two secrets cannot be merged.

            Examples:
              crisismap copy --from county.sqlite --to postgresql://crisismap@db.example.org/state
              crisismap copy --from postgresql://crisismap@db.example.org/state --to laptop.sqlite
            """
    )

    @Option(help: ArgumentHelp("The store to read: a SpatiaLite file or a postgresql:// URL.", valueName: "path-or-url"))
    var from: String

    @Option(help: ArgumentHelp("The store to write: a SpatiaLite file or a postgresql:// URL.", valueName: "path-or-url"))
    var to: String

    @Flag(help: "Add to a destination that already holds data (no checksum comparison).")
    var merge = false

    func validate() throws {
        guard from != to else { throw ValidationError("--from and --to name the same store") }
    }

    func run() async throws {
        let source = try await StoreOptions.open(from)
        let destination = try await StoreOptions.open(to, mode: .createIfMissing)
        if !merge, try await !destination.isEmpty() {
            throw CommandFailure(message: "\(destination.location) already holds data; copy into an empty store, or add --merge",
                                 code: .usageError)
        }
        let totals = try await source.tableCounts()
        let line = ProgressLine()
        let started = Date()
        let counts: TableCounts
        do {
            counts = try await destination.load(source.contents()) { progress in
                let total = totals[progress.table] ?? 0
                line.update("copying \(progress.table): \(Format.count(progress.done)) of \(Format.count(total)) rows")
            }
        } catch {
            line.finish()
            throw error
        }
        line.finish()
        let seconds = Date().timeIntervalSince(started)
        let copied = counts.values.reduce(0, +)
        print("copied \(Format.count(copied)) rows from \(source.location) to \(destination.location) in \(String(format: "%.1f", seconds)) s")
        if !merge { try await verify(source, destination) }
        await source.close()
        await destination.close()
    }

    /// Counts and checksums, table by table, printed either way.
    private func verify(_ source: any CrisisStore, _ destination: any CrisisStore) async throws {
        let (countsFrom, countsTo) = (try await source.tableCounts(), try await destination.tableCounts())
        let (sumsFrom, sumsTo) = (try await source.tableChecksums(), try await destination.tableChecksums())
        var differing: [String] = []
        for table in countsFrom.keys.sorted() {
            let same = countsFrom[table] == countsTo[table] && sumsFrom[table] == sumsTo[table]
            if !same { differing.append(table) }
            print("  \(table.padding(toLength: 16, withPad: " ", startingAt: 0)) \(Format.count(countsTo[table] ?? 0)) rows  checksum \(sumsTo[table] ?? "-")  \(same ? "matches" : "DIFFERS from \(Format.count(countsFrom[table] ?? 0)) rows, \(sumsFrom[table] ?? "-")")")
        }
        guard differing.isEmpty else {
            throw CommandFailure(message: "the copy differs from the source in \(differing.joined(separator: ", "))", code: .failure)
        }
    }
}
