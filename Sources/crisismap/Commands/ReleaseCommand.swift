import Analytics
import ArgumentParser
import Contract
import Foundation
import Interchange
import Reports
import Store

struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Freeze every closed month, quarter and year that is due as a noisy private release.",
        discussion: """
            Planner products (heat maps, per-area figures, rankings, site suggestions) are computed only \
            from releases. A month is released once it has ended, in the store's time zone, plus \
            --release-delay (default 7 days, for late corrections); a quarter and a year likewise. Each \
            release counts its calls in every view (cells of the 250 m release grid: all calls, by \
            category, by local hour and weekday/weekend; areas: by disposition, by category, by ETA to \
            care and from a team; totals) and adds discrete Laplace noise fixed by the store's secret. A \
            release never changes: calls edited or deleted later change no released figure.

            Idempotent: running it again makes only what has become due. `crisismap serve` does this by \
            itself every hour. `crisismap privacy` explains the guarantee.

            Examples:
              crisismap release
              crisismap release --release-delay 14d
            """
    )

    @Option(name: .customLong("release-delay"), help: ArgumentHelp("How long after a period ends it is released, e.g. 7d or 48h.", valueName: "span"))
    var releaseDelay = "7d"

    @Option(help: ArgumentHelp("Release what is due at this time instead of now (RFC 3339), e.g. to rebuild a test store.", valueName: "time"))
    var now: String?

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard ReleaseCommand.span(releaseDelay) != nil else { throw ValidationError("--release-delay must be a span like 7d or 48h (at least 0)") }
        if let now, RFC3339.parse(now) == nil { throw ValidationError("--now must be an RFC 3339 time like 2026-12-01T00:00:00-07:00") }
    }

    static func span(_ text: String) -> TimeInterval? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        guard let unit = text.last, let scale = units[unit], let value = Double(text.dropLast()), value >= 0 else { return nil }
        return value * scale
    }

    func run() async throws {
        let opened = try await store.open()
        let line = ProgressLine()
        let made: [ReleaseRecord]
        do {
            made = try await ReleaseService.releaseDue(
                opened, now: now.flatMap(RFC3339.parse) ?? Date(), delay: ReleaseCommand.span(releaseDelay)!,
                progress: { node in line.update("released \(node)", force: true) })
        } catch let error as ReleaseService.ReleaseError {
            throw CommandFailure.usage(error.description)
        } catch let error as ReleaseGrid.GridError {
            throw CommandFailure.usage(error.description)
        }
        line.finish()
        let all = try await opened.releases.releases()
        if json {
            struct Answer: Encodable { var released: [String]; var total_releases: Int }
            print(try Answer(released: made.map(\.node), total_releases: all.count).jsonText())
        } else if made.isEmpty {
            print("nothing due: \(all.count) releases already made (`crisismap releases` lists them)")
        } else {
            print("released \(made.count): \(made.map(\.node).joined(separator: ", ")) (\(all.count) in all)")
        }
    }
}

struct ReleasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "releases",
        abstract: "List the private releases: which months, quarters and years planners can see.",
        discussion: "Each line: the period, its first and last local day, and when it was released."
    )

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let opened = try await store.open()
        let releases = try await opened.releases.releases()
        let zone = try await opened.releases.privacySettings()?.timeZone.flatMap(TimeZone.init(identifier:)) ?? .current
        let day = Date.ISO8601FormatStyle(timeZone: zone).year().month().day()
        if json {
            struct Row: Encodable { var node: String; var level: String; var start: String; var end: String; var released_at: String }
            print(try releases.map { record in
                Row(node: record.node, level: ReleaseNode(record.node)?.level.rawValue ?? "", start: RFC3339.format(record.start),
                    end: RFC3339.format(record.end), released_at: RFC3339.format(record.releasedAt))
            }.jsonText())
            return
        }
        guard !releases.isEmpty else {
            print("no releases yet: `crisismap release` makes those that are due")
            return
        }
        for record in releases {
            let last = record.end.addingTimeInterval(-1)
            print("\(record.node.padding(toLength: 8, withPad: " ", startingAt: 0))  \(record.start.formatted(day)) to \(last.formatted(day))  released \(RFC3339.format(record.releasedAt))")
        }
    }
}
