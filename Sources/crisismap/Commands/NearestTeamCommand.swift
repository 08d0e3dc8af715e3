import Server
import ArgumentParser
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

            Distances are geodesic (WGS84). ETAs are straight-line distance times a circuity \
            factor over a speed (eta_method: straight_line).

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
        let opened = try store.open()
        let engine = DispatchEngine(teams: try await opened.teams.all(), facilities: [], settings: eta.settings())
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

/// `--circuity` and `--speed-kmh` for the straight-line ETA.
struct ETAOptions: ParsableArguments {
    @Option(help: "Driving distance over straight-line distance (default 1.4; Boscoe et al. 2012 measured 1.417).")
    var circuity = 1.4

    @Option(name: .customLong("speed-kmh"), help: "Average driving speed for straight-line ETAs, km/h.")
    var speedKmh = 40.0

    func validate() throws {
        guard circuity >= 1, circuity <= 5 else { throw ValidationError("--circuity must be between 1 and 5") }
        guard speedKmh > 0, speedKmh <= 200 else { throw ValidationError("--speed-kmh must be between 0 and 200") }
    }

    func settings() -> DispatchSettings {
        DispatchSettings(travelTime: StraightLineETA(circuity: circuity, kilometresPerHour: speedKmh))
    }
}
