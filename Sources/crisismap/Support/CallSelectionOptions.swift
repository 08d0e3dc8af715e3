import ArgumentParser
import Reports
import Store

/// `--since/--until/--category`: which calls a heat map or planning figure counts.
struct CallSelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First month (private: YYYY-MM, inclusive); exact: calls at or after this time (RFC 3339 or a span like 365d).", valueName: "month-or-time"))
    var since: String?

    @Option(help: ArgumentHelp("Last month (private: YYYY-MM, inclusive); exact: calls before this time (RFC 3339 or a span back from now).", valueName: "month-or-time"))
    var until: String?

    @Option(help: ArgumentHelp("Only these call categories, comma-separated.", valueName: "categories"))
    var category: String?

    /// The store filter and a description of the period for titles and tables.
    func filter() throws -> (CallFilter, String) {
        var options = HeatmapOptions()
        options.since = since
        options.until = until
        options.categories = commaList(category)
        do {
            let (request, period, _) = try options.request(defaultTimeZone: .current)
            return (request.filter, period)
        } catch {
            throw ValidationError("--\(error.field): \(error.message)")
        }
    }
}
