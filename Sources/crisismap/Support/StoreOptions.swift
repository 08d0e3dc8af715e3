import ArgumentParser
import Foundation
import PostGISStore
import SpatiaLiteStore
import Store

/// `--db`, shared by every command that opens a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The store: a SpatiaLite file, or a PostGIS database as postgresql://user@host:port/dbname.",
        discussion: """
            Defaults to $CRISISMAP_DB, else crisismap.sqlite in the working directory. A database URL may carry \
            ?sslmode=disable|prefer|require; its password comes from the URL or $PGPASSWORD.
            """,
        valueName: "path-or-url"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp(
        "PostGIS only: the most database connections this process keeps open.",
        discussion: """
            Every server of a state deployment opens up to this many, and together they must stay below \
            PostgreSQL's max_connections (100 unless configured), with room for the CLI and backups. A few \
            per core are plenty: a request holds a connection only while its statement runs.
            """,
        valueName: "n"))
    var dbConnections: Int = 8

    @Flag(name: .customLong("allow-insecure-db"), help: ArgumentHelp(
        "PostGIS only: connect to a database on another host without sslmode=require or verify-full.",
        discussion: "Without TLS, calls, keys and audit rows cross the network in plain text."))
    var allowInsecureDB = false

    func validate() throws {
        guard dbConnections >= 1 else { throw ValidationError("--db-connections must be at least 1.") }
    }

    var path: String {
        db ?? ProcessInfo.processInfo.environment["CRISISMAP_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "crisismap.sqlite"
    }

    enum Mode {
        case existing
        case createIfMissing
    }

    func open(mode: Mode = .existing) async throws -> any CrisisStore {
        try await Self.open(path, mode: mode, connections: dbConnections, allowInsecure: allowInsecureDB)
    }

    /// The one place that tells the two backends apart: everything after
    /// works through the store protocols.
    static func open(_ location: String, mode: Mode = .existing, connections: Int = 8, allowInsecure: Bool = false) async throws -> any CrisisStore {
        if PostGISURL.isURL(location) {
            do { try PostGISURL(location).checkTransport(allowInsecure: allowInsecure) } catch {
                throw CommandFailure.usage("\(error)")
            }
            return try await PostGISStore.open(
                location, mode: mode == .existing ? .existing : .createIfMissing, maximumConnections: connections)
        }
        return try SpatiaLiteStore(path: location, mode: mode == .existing ? .existing : .createIfMissing)
    }
}
