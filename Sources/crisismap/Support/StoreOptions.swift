import ArgumentParser
import Foundation
import Store

/// `--db`, shared by every command that opens a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store: a SpatiaLite file.",
        discussion: "Defaults to $CRISISMAP_DB, else crisismap.sqlite in the working directory.",
        valueName: "path"))
    var db: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["CRISISMAP_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "crisismap.sqlite"
    }

    func open(mode: SpatiaLiteStore.OpenMode = .existing) throws -> SpatiaLiteStore {
        try SpatiaLiteStore(path: path, mode: mode)
    }
}
