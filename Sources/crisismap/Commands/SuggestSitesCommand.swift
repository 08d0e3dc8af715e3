import Analytics
import ArgumentParser
import Contract
import CrisisDispatch
import Foundation
import GeoCore
import Reports
import Store

struct SuggestSitesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest-sites",
        abstract: "Where k new crisis facilities would bring the most calls within reach.",
        discussion: """
            Maximal covering location: calls are gathered in 250 m cells; a cell is covered when a \
            24/7 crisis facility (or a suggested site) is within --minutes by the dispatch ETA model. \
            Sites are chosen greedily, each covering the most calls not yet covered (within 1 - 1/e \
            of the best possible; exact on small inputs in the tests). Reports calls covered before \
            and after.

            Privacy (default --privacy private): demand is the released noisy count of each 250 m \
            release cell over whole months (--since/--until as YYYY-MM; default the last twelve \
            released), and a count of calls under 11 is not printed. --privacy exact uses the calls \
            themselves and is marked "exact: not for publication".

            Candidates: area centroids (default), a grid (grid:2km), or a CSV file with lat and lon columns.

            Example:
              crisismap suggest-sites --k 3 --minutes 20 --candidates grid:2km
            """
    )

    @Option(help: "How many sites to suggest.")
    var k = 3

    @Option(help: "Travel time that counts as covered, minutes.")
    var minutes = 20.0

    @Option(help: ArgumentHelp("centroids, grid:SPACING (e.g. grid:2km) or a CSV file with lat,lon columns.", valueName: "candidates"))
    var candidates = "centroids"

    @OptionGroup var calls: CallSelectionOptions

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var eta: ETAOptions
    @OptionGroup var privacyOptions: PrivacyOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (1...100).contains(k) else { throw ValidationError("--k must be between 1 and 100") }
        guard minutes > 0, minutes <= 600 else { throw ValidationError("--minutes must be between 0 and 600") }
        _ = try candidateSet()
    }

    /// Private figures under 11 calls are withheld; exact ones are shown as they are.
    private func shown(_ count: Int) -> Int? { privacyOptions.isExact || count >= 11 ? count : nil }

    private func candidateSet() throws -> SiteSuggestion.Candidates {
        if candidates == "centroids" { return .areaCentroids }
        if candidates.hasPrefix("grid:") {
            guard let spacing = Distance.metres(String(candidates.dropFirst(5))), spacing >= 50 else {
                throw ValidationError("--candidates grid:SPACING needs a spacing of at least 50m, e.g. grid:2km")
            }
            return .grid(spacing: spacing)
        }
        guard FileManager.default.fileExists(atPath: candidates) else {
            throw ValidationError("--candidates: no such file '\(candidates)' (or use centroids, grid:2km)")
        }
        return .points([])
    }

    /// Candidate points from a CSV with `lat` and `lon` columns; errors name the line.
    private func readPoints(_ path: String) throws -> [Coordinate] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
        guard let header = lines.first?.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }),
              let latColumn = header.firstIndex(of: "lat"), let lonColumn = header.firstIndex(of: "lon") else {
            throw CommandFailure.data("\(path): line 1: expected a header with lat and lon columns")
        }
        return try lines.dropFirst().enumerated().map { offset, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count, let lat = Double(fields[latColumn]), let lon = Double(fields[lonColumn]),
                  let point = try? Coordinate(latitude: lat, longitude: lon) else {
                throw CommandFailure.data("\(path): line \(offset + 2): expected lat and lon in degrees")
            }
            return point
        }
    }

    func run() async throws {
        let opened = try await store.open()
        var chosen = try candidateSet()
        if case .points = chosen { chosen = .points(try readPoints(candidates)) }
        var inputs: PlanningInputs, period: String
        if privacyOptions.isExact {
            let (filter, exactPeriod) = try calls.filter()
            inputs = try await PlanningProduct.inputs(from: opened, calls: filter)
            period = exactPeriod + "; exact: not for publication"
        } else {
            let products = try await ReleaseService.openForCLI(opened)
            inputs = try await PlanningProduct.places(from: opened)
            do {
                let window = try MonthWindow.parse(since: calls.since, until: calls.until, latest: products.lastMonth)
                inputs.calls = try await PlanningProduct.privateDemand(products: products, window: window)
                period = window.description + ", released months"
            } catch let error as MonthWindow.Problem {
                throw ValidationError("--\(error.field): \(error.message)")
            }
        }
        await CLIAudit.record(opened, command: "suggest-sites", parameters: [
            "privacy": privacyOptions.privacy.rawValue, "period": period, "k": String(k), "minutes": String(minutes), "candidates": candidates,
        ])
        if case .areaCentroids = chosen, inputs.areas.isEmpty {
            throw CommandFailure.usage("the store has no areas for centroid candidates; use --candidates grid:2km or a file")
        }
        let settings = PlanningProduct.settings(eta: eta.straightLine)
        let result: SiteSuggestion.Result
        do {
            result = try SiteSuggestion.run(k: k, seconds: minutes * 60, candidates: chosen, inputs: inputs, settings: settings)
        } catch let error as SiteSuggestion.SuggestionError {
            throw CommandFailure.usage(error.message)
        }
        if json {
            struct Site: Encodable { var rank: Int; var lat: Double; var lon: Double; var newly_covered_calls: Int? }
            struct Answer: Encodable {
                var privacy: String
                var k: Int, minutes: Double, candidates: Int, calls: Int?, covered_before: Int?, covered_after: Int?
                var reach_m: Double, eta_method: ETAMethod, sites: [Site]
            }
            print(try Answer(privacy: privacyOptions.isExact ? "exact: not for publication" : "private",
                             k: k, minutes: minutes, candidates: result.candidates, calls: shown(result.totalCalls),
                             covered_before: shown(result.coveredBefore), covered_after: shown(result.coveredAfter), reach_m: (result.reachMetres * 10).rounded() / 10,
                             eta_method: settings.etaMethod,
                             sites: result.sites.enumerated().map { Site(rank: $0 + 1, lat: $1.location.latitude, lon: $1.location.longitude,
                                                                        newly_covered_calls: shown($1.newlyCovered)) }).jsonText())
            return
        }
        func figure(_ count: Int) -> String { shown(count).map(String.init) ?? "fewer than 11" }
        func share(_ count: Int) -> String { result.totalCalls > 0 ? "\(Int((100 * Double(count) / Double(result.totalCalls)).rounded()))%" : "-" }
        print("Calls within \(Int(minutes)) min of a 24/7 crisis facility (\(period); \(settings.etaMethod.rawValue.replacingOccurrences(of: "_", with: "-")) ETA, \(Int(result.reachMetres)) m):")
        print("  now: \(figure(result.coveredBefore)) of \(figure(result.totalCalls)) (\(share(result.coveredBefore)))")
        for (index, site) in result.sites.enumerated() {
            print("  site \(index + 1): \(String(format: "%.5f, %.5f", site.location.latitude, site.location.longitude))  +\(figure(site.newlyCovered)) calls")
        }
        print("  with \(result.sites.count) new sites: \(figure(result.coveredAfter)) of \(figure(result.totalCalls)) (\(share(result.coveredAfter))), from \(result.candidates) candidates")
    }
}
