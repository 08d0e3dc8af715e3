import ArgumentParser
import Contract
import Foundation
import Store

/// `crisismap check`: what in the store cannot be trusted as it stands.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report stored times that run ahead of this machine's clock.",
        discussion: """
            A team fix, a bed count or a call stamped in the future comes from a wrong clock. The server and \
            `import` refuse such times now, and opening a store once sets stored team and bed times from a \
            wrong clock back to "unknown"; this reports anything still ahead (written before, by another \
            tool, or while --max-clock-skew was wider). Calls are only counted: their ids and places are not printed.

            Exit status: 0 when nothing is ahead, 65 when something is (for a monitoring job).

            Examples:
              crisismap check --db county.sqlite
              crisismap check --max-clock-skew 10m --json
            """
    )

    @Option(name: .customLong("max-clock-skew"), help: ArgumentHelp("How far ahead of the clock here a time may be.", valueName: "span"))
    var maxClockSkew = TimeSpan(argument: "2m")!

    @Flag(help: "Print the findings as JSON.")
    var json = false

    @OptionGroup var store: StoreOptions

    struct Findings: Codable {
        var checked_at: String
        var max_clock_skew_s: Double
        var teams_with_future_fix: [String]
        var facilities_with_future_availability: [String]
        var calls_received_in_future: Int

        var isClean: Bool {
            teams_with_future_fix.isEmpty && facilities_with_future_availability.isEmpty && calls_received_in_future == 0
        }
    }

    func run() async throws {
        let opened = try await store.open()
        let now = Date()
        let skew = ClockSkew(allowance: maxClockSkew.seconds)
        let cutoff = now.addingTimeInterval(skew.allowance)
        let teams = try await opened.teams.all().filter { skew.isAhead($0.fixAt, of: now) }.map(\.id)
        let facilities = try await opened.facilities.all()
            .filter { $0.availabilityUpdatedAt.map { skew.isAhead($0, of: now) } ?? false }.map(\.id)
        let futureCalls = try await opened.callPoints(matching: CallFilter(since: cutoff.addingTimeInterval(0.001))).count
        let findings = Findings(
            checked_at: RFC3339.format(now), max_clock_skew_s: skew.allowance,
            teams_with_future_fix: teams, facilities_with_future_availability: facilities, calls_received_in_future: futureCalls)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(findings), as: UTF8.self))
        } else {
            print(Self.describe(findings))
        }
        if !findings.isClean {
            throw CommandFailure.data("times ahead of the clock here were found; fix the senders' clocks, then re-send or re-import")
        }
    }

    static func describe(_ findings: Findings) -> String {
        var lines = ["checked \(findings.checked_at), allowing \(Int(findings.max_clock_skew_s)) s of clock skew:"]
        func list(_ ids: [String]) -> String { ids.prefix(20).joined(separator: ", ") + (ids.count > 20 ? ", …" : "") }
        lines.append(findings.teams_with_future_fix.isEmpty ? "  teams: no fix ahead"
            : "  teams: \(findings.teams_with_future_fix.count) with fix_at ahead (treated as stale): \(list(findings.teams_with_future_fix))")
        lines.append(findings.facilities_with_future_availability.isEmpty ? "  facilities: no bed count ahead"
            : "  facilities: \(findings.facilities_with_future_availability.count) with availability_updated_at ahead: \(list(findings.facilities_with_future_availability))")
        lines.append(findings.calls_received_in_future == 0 ? "  calls: none received in the future"
            : "  calls: \(findings.calls_received_in_future) with received_at ahead")
        return lines.joined(separator: "\n")
    }
}
