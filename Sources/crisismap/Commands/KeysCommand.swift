import ArgumentParser
import Contract
import Foundation
import Interchange
import Server
import Store

extension APIRole: ExpressibleByArgument {}

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke API keys for `crisismap serve`.",
        discussion: """
            Roles: admin (everything), dispatcher (recommendations, teams, single calls), \
            clinician (recommendations, facilities), planner (aggregates only, never a single \
            call), device (a vehicle's position and status), facility (its own bed availability).
            """,
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a key and print its secret once (it is not stored, only a salted hash).",
            discussion: """
                The secret is printed alone on the first line of stdout, so scripts can take it:
                  KEY=$(crisismap keys create --role dispatcher --name "Console 3" | head -1)
                """
        )

        @Option(help: "admin, dispatcher, clinician, planner, device or facility.")
        var role: APIRole

        @Option(help: "Who or what holds the key (shown by `keys list` and in the audit).")
        var name: String

        @Option(help: "For a facility key: the facility whose availability it may set (required).")
        var facility: String?

        @Option(help: "For a device key: the one team it may move, read and change the status of.")
        var team: String?

        @Flag(name: .customLong("all-teams"), help: ArgumentHelp(
            "For a device key: report for every team (a fleet gateway).",
            discussion: "A device key needs --team ID or --all-teams: a leaked key bound to every team can move or take out of service any of them."))
        var allTeams = false

        @Flag(help: "Print {\"id\", \"role\", \"secret\"} as JSON instead.")
        var json = false

        @OptionGroup var store: StoreOptions

        func validate() throws {
            if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name must not be empty") }
            if role == .facility, facility == nil { throw ValidationError("a facility key needs --facility ID") }
            if facility != nil, role != .facility { throw ValidationError("--facility is for --role facility only") }
            if team != nil || allTeams, role != .device { throw ValidationError("--team and --all-teams are for --role device only") }
            if role == .device, team == nil, !allTeams {
                throw ValidationError("a device key needs --team ID (the team it reports for), or --all-teams to let it report for every team")
            }
            if team != nil, allTeams { throw ValidationError("--team and --all-teams exclude each other") }
            if let team, team.trimmingCharacters(in: .whitespaces).isEmpty || team == APIKey.allTeams {
                throw ValidationError("--team must name a team id")
            }
        }

        func run() async throws {
            let opened = try await store.open()
            let (key, secret) = KeySecret.generate(name: name, role: role, facilityID: facility, teamID: allTeams ? APIKey.allTeams : team)
            try await opened.keys.insert(key)
            var binding = key.facilityID.map { " facility \($0)" } ?? ""
            binding += key.teamID == APIKey.allTeams ? " all teams" : key.boundTeam.map { " team \($0)" } ?? ""
            try await KeysCommand.audit("keys create", key: key.id, outcome: "created: \(key.role.rawValue)\(binding)", in: opened)
            if json {
                struct Created: Encodable { var id: String; var role: String; var secret: String }
                print(try Created(id: key.id, role: key.role.rawValue, secret: secret).jsonText())
            } else {
                print(secret)
                print("key \(key.id) (\(key.role.rawValue), \(key.name)): keep the secret above; it cannot be shown again")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let keys = try await store.open().keys.allKeys()
            if json {
                struct Listed: Encodable {
                    var id: String, name: String, role: String, created_at: String
                    var revoked_at: String?, facility_id: String?, team_id: String?
                    var all_teams: Bool?, unbound_device: Bool?
                }
                print(try keys.map {
                    Listed(id: $0.id, name: $0.name, role: $0.role.rawValue, created_at: RFC3339.format($0.createdAt),
                           revoked_at: $0.revokedAt.map(RFC3339.format), facility_id: $0.facilityID, team_id: $0.boundTeam,
                           all_teams: $0.role == .device ? $0.boundTeam == nil : nil, unbound_device: $0.isUnboundDevice ? true : nil)
                }.jsonText())
                return
            }
            if keys.isEmpty { print("no keys; make one with `crisismap keys create --role R --name N`") }
            for key in keys {
                var line = "\(key.id)  \(key.role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))  \(key.name)"
                if let facility = key.facilityID { line += "  facility \(facility)" }
                if let team = key.boundTeam { line += "  team \(team)" }
                if key.teamID == APIKey.allTeams { line += "  all teams" }
                if key.isUnboundDevice, !key.isRevoked {
                    line += "  UNBOUND: reports for every team; replace it with `keys create --role device --team ID` and revoke it"
                }
                line += "  created \(RFC3339.format(key.createdAt))"
                if let revoked = key.revokedAt { line += "  REVOKED \(RFC3339.format(revoked))" }
                print(line)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a key; a running server refuses it from the next request on.")

        @Argument(help: "The key id (from `keys list`).")
        var id: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try await store.open()
            guard try await opened.keys.revoke(id: id, at: Date()) else {
                throw CommandFailure.usage("no key '\(id)'; see `crisismap keys list`")
            }
            try await KeysCommand.audit("keys revoke", key: id, outcome: "revoked", in: opened)
            print("revoked key \(id)")
        }
    }

    /// Key changes go to the audit trail beside the requests the keys make:
    /// method `CLI`, status 0 (no HTTP answer), no key id (the operator at the
    /// console is who the store's file permissions allow).
    static func audit(_ command: String, key: String, outcome: String, in store: any CrisisStore) async throws {
        try await store.audit.append([AuditEntry(at: Date(), keyID: nil, role: nil, method: "CLI", endpoint: command,
                                                 subject: key, status: 0, outcome: outcome)])
    }
}
