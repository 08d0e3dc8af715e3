import ArgumentParser
import Contract
import Foundation
import Interchange
import Store

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Who read or changed call data and live state, asked for a recommendation or changed a key.",
        discussion: """
            One line per request: time, key id, role, method, endpoint, subject (the call, team, \
            facility or key id), the normalised query, HTTP status and outcome (ok, unauthorized, \
            forbidden, invalid, not_found, conflict, limited, unavailable, error; a correction says \
            which fields changed, a closed stream why it closed). Refused attempts are listed too. \
            Team position and status updates, facility and availability writes and event streams \
            (opened, and closed with method CLOSE) are audited; so are `keys create` and \
            `keys revoke` (method CLI, status 0). The server writes entries in batches a quarter \
            second apart, and the last batch when it shuts down.

            Example:
              crisismap audit --since 2026-11-22T00:00:00-07:00
            """
    )

    @Option(help: ArgumentHelp("Only entries at or after this time (RFC 3339), or a span back from now like 24h.", valueName: "time"))
    var since: String?

    @Option(help: "At most this many entries.")
    var limit: Int?

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        _ = try start()
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    private func start() throws -> Date? {
        guard let since else { return nil }
        if let date = RFC3339.parse(since) { return date }
        if let span = TimeSpan(argument: since) { return Date().addingTimeInterval(-span.seconds) }
        throw ValidationError("--since '\(since)' is neither an RFC 3339 time nor a span like 24h")
    }

    func run() async throws {
        let entries = try await store.open().audit.entries(since: try start(), limit: limit)
        if json {
            struct Line: Encodable {
                var at: String, key_id: String?, role: String?, method: String, endpoint: String
                var subject: String?, query: String?, status: Int, outcome: String
            }
            print(try entries.map {
                Line(at: RFC3339.format($0.at), key_id: $0.keyID, role: $0.role?.rawValue, method: $0.method,
                     endpoint: $0.endpoint, subject: $0.subject, query: $0.query, status: $0.status, outcome: $0.outcome)
            }.jsonText())
            return
        }
        if entries.isEmpty { print("no audit entries\(since.map { " since \($0)" } ?? "")") }
        for entry in entries {
            let who = "\(entry.keyID ?? "-") \(entry.role?.rawValue ?? "-")"
            let subject = entry.subject.map { " \($0)" } ?? ""
            let query = entry.query.map { " ?\($0)" } ?? ""
            print("\(RFC3339.format(entry.at))  \(who)  \(entry.method) \(entry.endpoint)\(subject)\(query)  \(entry.status) \(entry.outcome)")
        }
    }
}
