import ArgumentParser
import Contract
import CrisisDispatch
import Foundation
import Store

struct NearestTeamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nearest-team",
        abstract: "Rank the available teams by ETA to a call, and say why nearer ones were passed over.",
        discussion: """
            Only teams whose status is `available`, whose position fix is at most --max-fix-age \
            old at the query time, and that have every --needs skill are recommended. Every \
            nearer team that was passed over is listed with its reasons: not_available, \
            stale_position, missing_skill.

            Distances are geodesic (WGS84). With roads imported (`crisismap import roads`), ETAs \
            are drive times over them and the teams are ranked by ETA (eta_method: road_network); \
            otherwise straight-line distance times a circuity factor over a speed (straight_line).

            Example:
              crisismap nearest-team --lat 39.7392 --lon -104.9903 --needs spanish --json
            """
    )

    @OptionGroup var query: QueryOptions

    @Option(help: ArgumentHelp("Skills every team must have, comma-separated (e.g. spanish,youth).", valueName: "skills"))
    var needs: String?

    @Option(name: .customLong("max-fix-age"), help: "Oldest position fix still trusted (e.g. 90s, 10m, 1h).")
    var maxFixAge = TimeSpan(argument: "10m")!

    @OptionGroup var eta: ETAOptions
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let opened = try await store.open()
        let engine = DispatchEngine(teams: try await opened.teams.all(), facilities: [], settings: try await eta.settings(store: opened))
        let answer = engine.nearestTeams(TeamQuery(
            location: try query.location(), at: try query.time(), limit: query.limit,
            needs: commaList(needs), maxFixAge: maxFixAge.seconds))
        if query.json {
            print(RecommendationJSON(answer).jsonText)
        } else {
            print(TeamTable(answer).text)
        }
    }
}

